/** {@code careloop load}: a seeded mix of signed deliveries through a fresh stack, then reconciled. */
package io.careloop.local.load;
