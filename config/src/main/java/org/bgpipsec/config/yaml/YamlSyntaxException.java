package org.bgpipsec.config.yaml;

/** A YAML document that cannot be read at all, with the place where reading stopped. */
public final class YamlSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Location location;

  public YamlSyntaxException(Location location, String message) {
    super(message);
    this.location = location;
  }

  public Location location() {
    return location;
  }
}
