package dev.rexd.core.config;

/**
 * A configuration file that cannot be used; the message says which file and what is wrong.
 *
 * <pre>{@code
 * try { RexdConfig.load(path); } catch (ConfigException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
