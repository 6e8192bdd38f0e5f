package org.bgpipsec.ike.sa;

import java.util.Optional;
import org.bgpipsec.ike.crypto.ClientPuzzle;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.dos.FailureReason;
import org.bgpipsec.ike.dos.PuzzleSettings;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.PuzzleNotification;
import org.bgpipsec.ike.message.PuzzleSolutionPayload;

/** The initiator's side of RFC 8019 puzzles in IKE_SA_INIT (section 7.1.1.2). */
final class PuzzleSolver {
  private PuzzleSolver() {}

  /**
   * The solution to send with {@code cookie}, if the responder's answer {@code m} carries a puzzle
   * we solve: none when it carries no PUZZLE; none, counted as {@link
   * FailureReason#PUZZLE_GAVE_UP}, when we do not solve puzzles, the PRF is not one we offered (RFC
   * 8019 7.1.1.1: the responder picks it from the initiator's proposals), or the configured effort
   * runs out. Without a solution the request goes again with the cookie alone, as RFC 8019 7.1.1.2
   * says of an initiator that ignores the puzzle.
   */
  static Optional<PuzzleSolutionPayload> solve(IkeSa sa, IkeMessage m, byte[] cookie) {
    Optional<PuzzleNotification> puzzle =
        SaInitExchange.notifies(m, NotifyType.PUZZLE).stream()
            .map(PuzzleNotification::of)
            .flatMap(Optional::stream)
            .findFirst();
    if (puzzle.isEmpty()) {
      return Optional.empty();
    }
    PuzzleSettings settings = sa.rt.puzzles.settings();
    Optional<PrfAlgorithm> prf =
        PrfAlgorithm.fromTransformId(puzzle.get().prf())
            .filter(p -> sa.peer.ikeSuites().stream().map(IkeSaSuite::prf).anyMatch(p::equals));
    // RFC 8019 8.1: difficulty 0 leaves the level to the initiator.
    int difficulty =
        puzzle.get().difficulty() == 0 ? settings.difficulty() : puzzle.get().difficulty();
    // The search runs on the IKE worker, which every other IKE SA waits for, and the PUZZLE comes
    // in an unauthenticated message: a difficulty whose expected work is beyond the configured
    // effort is given up at once rather than searched until the effort runs out.
    if (!settings.solve()
        || prf.isEmpty()
        || difficulty > ClientPuzzle.MAX_DIFFICULTY
        || ClientPuzzle.expectedAttempts(difficulty) > settings.maxSolveAttempts()) {
      sa.rt.metrics.failed(FailureReason.PUZZLE_GAVE_UP);
      return Optional.empty();
    }
    Optional<ClientPuzzle.Solution> solution =
        ClientPuzzle.solve(
            prf.get(), cookie, difficulty, sa.random.nextLong(), settings.maxSolveAttempts());
    if (solution.isEmpty()) {
      sa.rt.metrics.failed(FailureReason.PUZZLE_GAVE_UP);
      return Optional.empty();
    }
    return Optional.of(
        new PuzzleSolutionPayload(solution.get().keys().stream().map(Octets::of).toList()));
  }
}
