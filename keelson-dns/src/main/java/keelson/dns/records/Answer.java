package keelson.dns.records;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The decision for one question: either an authoritative answer (rcode and the three sections) or
 * "not ours" (forward upstream).
 *
 * @param forward true when the name is outside what the snapshot answers for
 * @param rcode {@link Rcode#NOERROR}, {@link Rcode#NXDOMAIN} or {@link Rcode#SERVFAIL}
 * @param answer the answer section
 * @param authority the authority section (the zone's SOA for negative answers)
 * @param additional the additional section (addresses of SRV and NS targets)
 */
public record Answer(boolean forward, int rcode, List<Record> answer, List<Record> authority,
    List<Record> additional) {

  private static final Answer FORWARD = new Answer(true, Rcode.NOERROR, List.of(), List.of(), List.of());

  /** The name is not in the zone (or a reverse name the cluster does not know): ask upstream. */
  public static Answer forwardUpstream() {
    return FORWARD;
  }

  static Answer positive(List<Record> answer, List<Record> additional) {
    return new Answer(false, Rcode.NOERROR, List.copyOf(answer), List.of(), List.copyOf(additional));
  }

  static Answer negative(int rcode, Record soa) {
    return new Answer(false, rcode, List.of(), List.of(soa), List.of());
  }

  /** True for NOERROR with an empty answer section. */
  public boolean isNoData() {
    return !forward && rcode == Rcode.NOERROR && answer.isEmpty();
  }
}
