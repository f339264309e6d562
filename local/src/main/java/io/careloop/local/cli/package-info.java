/** The {@code careloop} command line and its demo. */
package io.careloop.local.cli;
