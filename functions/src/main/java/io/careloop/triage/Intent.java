package io.careloop.triage;

/** What the author wants, as triage reads it. */
public enum Intent { COMPLAINT, QUESTION, PRAISE, SPAM, ABUSE, OTHER }
