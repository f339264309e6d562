package io.careloop.cases;

import io.careloop.cases.Case;
import java.util.List;

/** One page of the inbox; {@code next} is an opaque cursor for the following page, or null. */
public record CasePage(List<Case> cases, String next) {
}
