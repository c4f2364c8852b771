package jp.onplanetz.privacy.runtime.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The {@code page} (from 0) and {@code size} query parameters of a paged list, taken by an endpoint as
 * {@code @Valid @BeanParam Paging.UpTo500 paging}: the defaults and limits of every list in one place. A value out of
 * range is a 400 problem naming {@code page} or {@code size}.
 * <p>
 * Two ceilings: a list of rows (records, marks, releases, uses) serves up to 500 items a page; a list whose items carry
 * nested lists of their own (a register's entries with their data items and checks, a request with its tasks) serves up
 * to 200, so that one page stays about as large as the other.
 */
public sealed interface Paging permits Paging.UpTo500, Paging.UpTo200 {

    String FIRST_PAGE = "0";
    String DEFAULT_SIZE = "50";

    int page();

    int size();

    /** How many items the pages before this one hold. */
    default int offset() {
        return page() * size();
    }

    record UpTo500(@QueryParam("page") @DefaultValue(FIRST_PAGE) @Min(0) int page,
            @QueryParam("size") @DefaultValue(DEFAULT_SIZE) @Min(1) @Max(500) int size) implements Paging {
    }

    record UpTo200(@QueryParam("page") @DefaultValue(FIRST_PAGE) @Min(0) int page,
            @QueryParam("size") @DefaultValue(DEFAULT_SIZE) @Min(1) @Max(200) int size) implements Paging {
    }
}
