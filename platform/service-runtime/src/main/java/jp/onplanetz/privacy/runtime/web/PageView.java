package jp.onplanetz.privacy.runtime.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * One page of a list, the one shape every paged endpoint of the suite answers with: the items, the page asked for
 * (from 0) and its size, and how many items there are in all.
 *
 * @param total how many items match, over every page; absent where counting them would cost as much as reading them
 *              all (the ledger's records), so a client pages on until a page comes back short
 */
public record PageView<T>(List<T> items, int page, int size,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "How many items match, over every page; absent where the list does not count them")
        Long total) {

    /** The page with the number of matching items in all. */
    public static <T> PageView<T> of(List<T> items, Paging paging, long total) {
        return new PageView<>(items, paging.page(), paging.size(), total);
    }

    /** The page where the total is not counted. */
    public static <T> PageView<T> uncounted(List<T> items, Paging paging) {
        return new PageView<>(items, paging.page(), paging.size(), null);
    }
}
