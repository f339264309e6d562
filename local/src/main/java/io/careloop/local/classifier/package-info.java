/** {@code careloop classify}, {@code eval} and {@code train}: the complaint classifier on labelled data. */
package io.careloop.local.classifier;
