package jp.onplanetz.privacy.runtime.web;

import jp.onplanetz.privacy.runtime.problem.ProblemException;

/** The {@code from} and {@code to} query parameters of a list asked for over a period; either may be left out. */
public final class PeriodBounds {

    private PeriodBounds() {
    }

    /**
     * Refuses a period that ends before it starts, as a 400 problem naming {@code to}: an empty answer would read as
     * "nothing happened then".
     */
    public static <T extends Comparable<? super T>> void requireOrdered(T from, T to) {
        if (from != null && to != null && to.compareTo(from) < 0) {
            throw ProblemException.invalidField("to", "must not be before from");
        }
    }
}
