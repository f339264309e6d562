/** Faults injected between the functions and DynamoDB/SQS: a plan and the proxy that follows it. */
package io.careloop.local.faults;
