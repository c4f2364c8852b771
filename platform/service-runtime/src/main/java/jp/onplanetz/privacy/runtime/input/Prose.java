package jp.onplanetz.privacy.runtime.input;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text field that holds prose (a note, an explanation, a justification): it may hold tab, line feed and carriage
 * return, which {@link TextRules} refuses in every other field. On a record component it reaches the constructor
 * parameter Jackson binds.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Prose {
}
