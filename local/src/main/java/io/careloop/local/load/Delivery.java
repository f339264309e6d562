package io.careloop.local.load;

import java.util.Map;

/**
 * One webhook delivery: the route ({@code /webhooks/{platform}}), the body and its signature headers, the mention
 * key it carries (null when careloop must refuse it) and what kind of delivery it is.
 */
record Delivery(String platform, String body, Map<String, String> headers, String mentionKey, String kind) {
}
