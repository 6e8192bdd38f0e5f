package org.bgpipsec.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpipsec.bgp.rib.RibTestSupport.v4;

import java.util.List;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Update;
import org.junit.jupiter.api.Test;

/** RFC 6793 section 4.2.3. */
class As4ReconstructionTest {
  private static final long T = Open.AS_TRANS;

  private static Update update(PathAttribute... attributes) {
    return new Update(List.of(), List.of(attributes), List.of());
  }

  @Test
  void leadingOldAsesArePrependedToTheAs4Path() {
    // An OLD speaker 65010 received [4200000001 4200000002] from a NEW one and prepended itself.
    Update u =
        update(
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65010, T, T))),
            new PathAttribute.As4Path(List.of(AsPathSegment.sequence(4200000001L, 4200000002L))));
    Update merged = As4Reconstruction.apply(u);
    assertThat(merged.attributes())
        .containsExactly(
            new PathAttribute.AsPath(
                List.of(
                    AsPathSegment.sequence(65010),
                    AsPathSegment.sequence(4200000001L, 4200000002L))));
  }

  @Test
  void as4PathLongerThanAsPathIsIgnored() {
    PathAttribute.AsPath path = new PathAttribute.AsPath(List.of(AsPathSegment.sequence(T)));
    Update u =
        update(
            path,
            new PathAttribute.As4Path(List.of(AsPathSegment.sequence(4200000001L, 4200000002L))));
    assertThat(As4Reconstruction.apply(u).attributes()).containsExactly(path);
  }

  @Test
  void aggregatorOtherThanAsTransMakesAs4AttributesIgnored() {
    PathAttribute.AsPath path = new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65010, T)));
    PathAttribute.Aggregator aggregator = new PathAttribute.Aggregator(65010, v4("192.0.2.9"));
    Update u =
        update(
            path,
            aggregator,
            new PathAttribute.As4Path(List.of(AsPathSegment.sequence(4200000001L))),
            new PathAttribute.As4Aggregator(4200000001L, v4("192.0.2.8")));
    assertThat(As4Reconstruction.apply(u).attributes()).containsExactly(path, aggregator);
  }

  @Test
  void asTransAggregatorTakesTheAs4Aggregator() {
    Update u =
        update(
            new PathAttribute.Aggregator(T, v4("192.0.2.9")),
            new PathAttribute.As4Aggregator(4200000001L, v4("192.0.2.9")));
    assertThat(As4Reconstruction.apply(u).attributes())
        .containsExactly(new PathAttribute.Aggregator(4200000001L, v4("192.0.2.9")));
  }

  @Test
  void asSetCountsOneAndConfederationSegmentsAreKept() {
    Update u =
        update(
            new PathAttribute.AsPath(
                List.of(
                    AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 65100),
                    AsPathSegment.of(AsPathSegment.Type.AS_SET, 65010, 65011),
                    AsPathSegment.sequence(T))),
            new PathAttribute.As4Path(List.of(AsPathSegment.sequence(4200000001L))));
    assertThat(As4Reconstruction.apply(u).attribute(PathAttribute.AsPath.class).orElseThrow())
        .isEqualTo(
            new PathAttribute.AsPath(
                List.of(
                    AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 65100),
                    AsPathSegment.of(AsPathSegment.Type.AS_SET, 65010, 65011),
                    AsPathSegment.sequence(4200000001L))));
  }
}
