package io.careloop.cases;

/** The case changed between read and write; read it again and redo the step. */
public class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(String caseId) {
        super("Case " + caseId + " was changed by someone else; reload it and try again");
    }
}
