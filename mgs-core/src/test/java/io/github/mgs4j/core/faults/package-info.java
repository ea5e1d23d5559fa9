/** Fault injection: each case a user can meet (a changed run, a broken file, a model that lies) replayed. */
package io.github.mgs4j.core.faults;
