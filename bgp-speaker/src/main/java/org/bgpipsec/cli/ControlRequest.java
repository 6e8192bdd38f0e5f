package org.bgpipsec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.bgpipsec.control.ControlClient;
import org.bgpipsec.control.ControlException;

/** One action request to a running speaker, its answer as one line for the user. */
final class ControlRequest {
  private ControlRequest() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Sends {@code request}; returns the answer as {@code action peer: targets} plus a newline.
   *
   * @throws ControlException if the speaker cannot be reached or refuses the request
   */
  static String ask(Path socket, String request) throws ControlException {
    String answer = ControlClient.request(socket, request);
    JsonNode tree;
    try {
      tree = JSON.readTree(answer);
    } catch (IOException e) {
      throw new ControlException("the speaker's answer is not JSON: " + e.getMessage());
    }
    if (tree.has("error")) {
      throw new ControlException(tree.get("error").asText());
    }
    StringBuilder line = new StringBuilder(tree.path("action").asText());
    if (!tree.path("peer").asText("-").equals("-")) {
      line.append(' ').append(tree.path("peer").asText());
    }
    line.append(':');
    tree.path("targets").forEach(t -> line.append(' ').append(t.asText()));
    return line.append('\n').toString();
  }
}
