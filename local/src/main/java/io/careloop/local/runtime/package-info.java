/**
 * Running the stack on one machine: template.yaml read into tables, queues and functions, DynamoDB Local and
 * ElasticMQ embedded, the HttpApi on localhost, SQS event source mappings, schedules and redrive.
 */
package io.careloop.local.runtime;
