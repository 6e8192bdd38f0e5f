/** The speaker profile: configuration records, YAML loading and the section 8 report. */
module org.bgpipsec.config {
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;

  exports org.bgpipsec.config;

  opens org.bgpipsec.config to
      com.fasterxml.jackson.databind;
}
