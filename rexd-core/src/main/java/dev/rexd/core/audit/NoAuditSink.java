package dev.rexd.core.audit;

/** The sink that records nothing; {@link AuditLog} sees it and does not build records at all. */
enum NoAuditSink implements AuditSink {
  INSTANCE;

  @Override
  public void write(AuditRecord record) {
    // nothing is recorded
  }
}
