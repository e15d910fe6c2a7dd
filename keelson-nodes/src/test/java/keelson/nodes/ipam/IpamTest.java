package keelson.nodes.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpamTest {

  @Test
  void handsOutSlash24sInOrderFromTheFirstBlock() {
    CidrPool pool = new CidrPool("10.244.0.0/16");
    assertThat(pool.allocate()).contains("10.244.0.0/24");
    assertThat(pool.allocate()).contains("10.244.1.0/24");
    assertThat(pool.capacity()).isEqualTo(256);
  }

  @Test
  void skipsBlocksSeenOnNodesAndReusesReleasedOnes() {
    CidrPool pool = new CidrPool("10.244.0.0/16");
    pool.markAllUsed(List.of("10.244.0.0/24", "10.244.2.0/24"));
    assertThat(pool.allocate()).contains("10.244.1.0/24");
    assertThat(pool.allocate()).contains("10.244.3.0/24");
    pool.release("10.244.0.0/24");
    assertThat(pool.allocate()).contains("10.244.0.0/24");
  }

  @Test
  void exhaustedPoolGivesNothing() {
    CidrPool pool = new CidrPool("10.244.0.0/23");
    assertThat(pool.allocate()).isPresent();
    assertThat(pool.allocate()).isPresent();
    assertThat(pool.allocate()).isEmpty();
  }

  @Test
  void widePoolStartsAt10_244AndWrapsAround() {
    CidrPool pool = new CidrPool("10.224.0.0/11", "10.244.0.0/24");
    assertThat(pool.capacity()).isEqualTo(8192);
    assertThat(pool.allocate()).contains("10.244.0.0/24");
    assertThat(pool.indexOf("10.244.0.0/24")).isZero();
    assertThat(pool.indexOf("10.255.255.0/24")).isEqualTo(12 * 256 - 1);
    assertThat(pool.indexOf("10.224.0.0/24")).isEqualTo(12 * 256);
    assertThat(pool.indexOf("10.96.0.0/24")).isEqualTo(-1);
    assertThat(pool.indexOf("10.244.0.0/16")).isEqualTo(-1);
  }

  @Test
  void allocatorAssignsInRegistrationOrderWithNaturalNames() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    List<PodCidrAllocator.NodeRecord> nodes = List.of(
        new PodCidrAllocator.NodeRecord("keelson-node-10", t, null),
        new PodCidrAllocator.NodeRecord("keelson-node-2", t, null),
        new PodCidrAllocator.NodeRecord("keelson-node-1", t, "10.244.0.0/24"),
        new PodCidrAllocator.NodeRecord("late", t.plusSeconds(5), null));
    assertThat(allocator.cidrFor("late", nodes)).contains("10.244.3.0/24");
    assertThat(allocator.cidrFor("keelson-node-2", nodes)).contains("10.244.1.0/24");
    assertThat(allocator.cidrFor("keelson-node-10", nodes)).contains("10.244.2.0/24");
  }

  @Test
  void allocatorReleasesTheBlockOfADeletedNode() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    allocator.cidrFor("a", List.of(new PodCidrAllocator.NodeRecord("a", t, "10.244.0.0/24")));
    allocator.release("a", "10.244.0.0/24");
    assertThat(allocator.cidrFor("b", List.of(new PodCidrAllocator.NodeRecord("b", t, null))))
        .contains("10.244.0.0/24");
  }

  @Test
  void podIpsStartAtDot2AndNeverUseNetworkGatewayOrBroadcast() {
    assertThat(PodIps.lowestFree("10.244.1.0/24", Set.of())).contains("10.244.1.2");
    assertThat(PodIps.lowestFree("10.244.1.0/24", Set.of("10.244.1.2", "10.244.1.4"))).contains("10.244.1.3");
    Set<String> all = new java.util.HashSet<>();
    for (int i = 2; i <= 254; i++) {
      all.add("10.244.1." + i);
    }
    assertThat(PodIps.lowestFree("10.244.1.0/24", all)).isEmpty();
  }

  @Test
  void registryNeverHandsOutAnAddressTwiceBeforeTheCacheShowsIt() {
    PodIpRegistry registry = new PodIpRegistry();
    assertThat(registry.allocate("n", "10.244.1.0/24", "a", Set.of())).contains("10.244.1.2");
    assertThat(registry.allocate("n", "10.244.1.0/24", "b", Set.of())).contains("10.244.1.3");
    assertThat(registry.allocate("n", "10.244.1.0/24", "a", Set.of())).contains("10.244.1.2");
    registry.release("n", "a");
    assertThat(registry.allocate("n", "10.244.1.0/24", "c", Set.of("10.244.1.3"))).contains("10.244.1.2");
  }
}
