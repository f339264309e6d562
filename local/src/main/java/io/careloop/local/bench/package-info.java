/** {@code careloop bench}: cold start, requests and cost per mention, triage CPU and throughput against baselines. */
package io.careloop.local.bench;
