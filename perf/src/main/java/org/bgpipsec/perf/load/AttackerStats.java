package org.bgpipsec.perf.load;

/**
 * What a cookie-returning attacker ({@code auth-flood}) paid during a step.
 *
 * @param solvesPuzzles whether it solved RFC 8019 puzzles
 * @param puzzlesSolved puzzles it solved
 * @param solveCpuSeconds CPU time its solving took (its sending thread's CPU clock)
 * @param initsAccepted IKE_SA_INIT requests the responder accepted (answered with SA, KE, Nr)
 */
public record AttackerStats(
    boolean solvesPuzzles, long puzzlesSolved, double solveCpuSeconds, long initsAccepted) {

  /** The attacker's solving CPU per accepted IKE_SA_INIT, in microseconds (0 when none). */
  public double solveMicrosPerAcceptedInit() {
    return initsAccepted == 0 ? 0 : solveCpuSeconds * 1e6 / initsAccepted;
  }
}
