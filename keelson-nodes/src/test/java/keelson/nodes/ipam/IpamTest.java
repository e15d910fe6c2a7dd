package keelson.nodes.ipam;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static final String T = "2025-01-01T00:00:00Z";

  @Test
  void allocatorAssignsInRegistrationOrderWithNaturalNames() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("keelson-node-10", "u10", T, null);
    allocator.observe("keelson-node-2", "u2", T, null);
    allocator.observe("keelson-node-1", "u1", T, "10.244.0.0/24");
    allocator.observe("late", "ul", "2025-01-01T00:00:05Z", null);
    assertThat(allocator.cidrFor("late")).contains("10.244.3.0/24");
    assertThat(allocator.cidrFor("keelson-node-2")).contains("10.244.1.0/24");
    assertThat(allocator.cidrFor("keelson-node-10")).contains("10.244.2.0/24");
    assertThat(allocator.cidrFor("keelson-node-1")).contains("10.244.0.0/24");
  }

  @Test
  void allocatorReleasesTheBlockOfADeletedNode() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("a", "ua", T, "10.244.0.0/24");
    allocator.forget("a");
    allocator.observe("b", "ub", T, null);
    assertThat(allocator.cidrFor("b")).contains("10.244.0.0/24");
  }

  @Test
  void allocatorKeepsADecisionUntilTheNodeShowsIt() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("a", "ua", T, null);
    assertThat(allocator.cidrFor("a")).contains("10.244.0.0/24");
    allocator.observe("a", "ua", T, null); // an unrelated update before ours arrives
    allocator.observe("b", "ub", T, null);
    assertThat(allocator.cidrFor("a")).contains("10.244.0.0/24");
    assertThat(allocator.cidrFor("b")).contains("10.244.1.0/24");
    allocator.observe("a", "ua", T, "10.244.0.0/24");
    allocator.observe("c", "uc", T, null);
    assertThat(allocator.cidrFor("c")).contains("10.244.2.0/24");
  }

  @Test
  void aLateOlderCopyWithoutTheBlockDoesNotFreeIt() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("a", "ua", T, "10.244.0.0/24");
    allocator.observe("a", "ua", T, null);
    allocator.observe("b", "ub", T, null);
    assertThat(allocator.cidrFor("b")).contains("10.244.1.0/24");
    assertThat(allocator.cidrFor("a")).contains("10.244.0.0/24");
  }

  @Test
  void aNodeRecreatedUnderItsNameWaitsAgainAndItsOldBlockIsFree() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("a", "old", T, "10.244.0.0/24");
    allocator.observe("b", "ub", T, "10.244.1.0/24");
    allocator.observe("a", "new", "2025-01-01T00:01:00Z", null);
    assertThat(allocator.cidrFor("a")).contains("10.244.0.0/24");
  }

  @Test
  void aRestartedAllocatorNeverRepeatsABlockShownOnANode() {
    // Two servers sharing storage, or one restarted: the new allocator learns the blocks from the
    // watch, whatever the order the Nodes arrive in, and hands out only free ones.
    PodCidrAllocator first = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    for (int i = 1; i <= 5; i++) {
      first.observe("n" + i, "u" + i, T, null);
    }
    java.util.Map<String, String> shown = new java.util.HashMap<>();
    for (int i = 1; i <= 3; i++) {
      shown.put("n" + i, first.cidrFor("n" + i).orElseThrow());
    }
    PodCidrAllocator second = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    second.observe("n5", "u5", T, null);
    second.observe("n4", "u4", T, null);
    shown.forEach((name, cidr) -> second.observe(name, "u" + name.substring(1), T, cidr));
    Set<String> all = new java.util.HashSet<>(shown.values());
    assertThat(all.add(second.cidrFor("n4").orElseThrow())).isTrue();
    assertThat(all.add(second.cidrFor("n5").orElseThrow())).isTrue();
    assertThat(second.cidrFor("n4")).contains("10.244.3.0/24");
  }

  @Test
  void namesEqualByNumberAreStillTwoNodes() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("node-2", "a", T, null);
    allocator.observe("node-02", "b", T, null);
    assertThat(allocator.cidrFor("node-2")).isPresent();
    assertThat(allocator.cidrFor("node-02")).isPresent().isNotEqualTo(allocator.cidrFor("node-2"));
  }

  @Test
  void exhaustedAllocatorServesTheEarliestWaitingNodeWhenABlockFrees() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/23"));
    allocator.observe("a", "ua", T, "10.244.0.0/24");
    allocator.observe("b", "ub", T, "10.244.1.0/24");
    allocator.observe("d", "ud", "2025-01-01T00:00:09Z", null);
    allocator.observe("c", "uc", "2025-01-01T00:00:05Z", null);
    assertThat(allocator.cidrFor("c")).isEmpty();
    allocator.forget("a");
    assertThat(allocator.cidrFor("d")).isEmpty();
    assertThat(allocator.cidrFor("c")).contains("10.244.0.0/24");
  }

  @Test
  void reservedNamesGetBlocksInTheirOrderWhateverOrderTheyAppearIn() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("other", "uo", T, "10.244.1.0/24");
    allocator.reserve(List.of("keelson-node-1", "keelson-node-2", "keelson-node-3"));
    allocator.observe("keelson-node-3", "u3", T, null);
    allocator.observe("late", "ul", T, null);
    assertThat(allocator.cidrFor("keelson-node-3")).contains("10.244.3.0/24");
    assertThat(allocator.cidrFor("late")).contains("10.244.4.0/24");
    allocator.observe("keelson-node-1", "u1", T, null);
    assertThat(allocator.cidrFor("keelson-node-1")).contains("10.244.0.0/24");
    allocator.reserve(List.of("keelson-node-1", "keelson-node-2"));
    allocator.observe("keelson-node-2", "u2", T, null);
    assertThat(allocator.cidrFor("keelson-node-2")).as("reserving again changes nothing").contains("10.244.2.0/24");
  }

  @Test
  void aBlockSeenOnAnotherNodeIsDecidedAgainForTheNodeItWasMeantFor() {
    PodCidrAllocator allocator = new PodCidrAllocator(new CidrPool("10.244.0.0/16"));
    allocator.observe("a", "ua", T, null);
    assertThat(allocator.cidrFor("a")).contains("10.244.0.0/24");
    allocator.observe("b", "ub", T, "10.244.0.0/24"); // set by someone else meanwhile
    assertThat(allocator.cidrFor("a")).contains("10.244.1.0/24");
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
    assertThat(registry.allocate("n", "10.244.1.0/24", "a")).contains("10.244.1.2");
    assertThat(registry.allocate("n", "10.244.1.0/24", "b")).contains("10.244.1.3");
    assertThat(registry.allocate("n", "10.244.1.0/24", "a")).contains("10.244.1.2");
    registry.release("n", "a");
    assertThat(registry.allocate("n", "10.244.1.0/24", "c")).contains("10.244.1.2");
  }

  @Test
  void registryCountsAddressesSeenOnPodsAndFreesThemOnce() {
    PodIpRegistry registry = new PodIpRegistry();
    registry.observe("n", "x", "10.244.1.2"); // from the watch, e.g. after a restart
    registry.observe("n", "y", "10.244.1.2"); // set twice from outside: still taken until both go
    assertThat(registry.allocate("n", "10.244.1.0/24", "a")).contains("10.244.1.3");
    registry.release("n", "x");
    assertThat(registry.allocate("n", "10.244.1.0/24", "b")).contains("10.244.1.4");
    registry.release("n", "y");
    assertThat(registry.allocate("n", "10.244.1.0/24", "c")).contains("10.244.1.2");
    registry.observe("n", "a", "10.244.1.9"); // the pod shows another address than we chose
    assertThat(registry.allocate("n", "10.244.1.0/24", "d")).contains("10.244.1.3");
  }

  @Test
  void registrySaysWhenARangeIsFullAndFollowsARangeChange() {
    PodIpRegistry registry = new PodIpRegistry();
    // A full /29 (.2 to .6 usable) says so; freeing one makes exactly that one free again.
    for (int i = 0; i < 5; i++) {
      assertThat(registry.allocate("small", "10.9.0.0/29", "s" + i)).contains("10.9.0." + (i + 2));
    }
    assertThat(registry.allocate("small", "10.9.0.0/29", "s5")).isEmpty();
    registry.release("small", "s2");
    assertThat(registry.allocate("small", "10.9.0.0/29", "s6")).contains("10.9.0.4");
    // The node's range changes: addresses held in the old one do not count in the new one.
    assertThat(registry.allocate("small", "10.9.1.0/29", "t")).contains("10.9.1.2");
    assertThat(registry.allocate("small", "10.9.1.0/29", "u")).contains("10.9.1.3");
    // Back to the first range: what is held there still counts.
    assertThat(registry.allocate("small", "10.9.0.0/29", "v")).isEmpty();
  }

  @Test
  void registryAgreesWithTheScanOnEveryChoice() {
    PodIpRegistry registry = new PodIpRegistry();
    java.util.Map<String, String> byPod = new java.util.HashMap<>();
    java.util.Random random = new java.util.Random(11);
    for (int step = 0; step < 3_000; step++) {
      String pod = "p" + random.nextInt(200);
      if (random.nextInt(4) == 0) {
        registry.release("n", pod);
        byPod.remove(pod);
      } else if (random.nextInt(10) == 0) {
        String seen = "10.244.3." + (2 + random.nextInt(250)); // set from outside, as the watch shows
        registry.observe("n", pod, seen);
        byPod.put(pod, seen);
      } else if (!byPod.containsKey(pod)) {
        Set<String> others = new java.util.HashSet<>(byPod.values());
        java.util.Optional<String> expected = PodIps.lowestFree("10.244.3.0/24", others);
        java.util.Optional<String> chosen = registry.allocate("n", "10.244.3.0/24", pod);
        assertThat(chosen).as("step %d", step).isEqualTo(expected);
        chosen.ifPresent(ip -> byPod.put(pod, ip));
      }
    }
  }
}
