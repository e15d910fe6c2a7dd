package keelson.dns.server;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import keelson.dns.records.Answer;
import keelson.dns.records.DnsRecords;
import keelson.dns.records.ZoneSettings;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query (wire format) into one response (wire format): parses, asks the current
 * {@link DnsRecords} snapshot, forwards what is not ours, renders with truncation for UDP. Shared
 * by the UDP and TCP listeners; thread-safe, holds no per-query state.
 */
public final class DnsResponder {
  /** Largest UDP payload we advertise and send (the DNS flag day 2020 value). */
  static final int MAX_UDP_PAYLOAD = 1232;
  static final int MIN_UDP_PAYLOAD = 512;

  /** Where a response goes: the datagram's sender or the TCP connection. */
  @FunctionalInterface
  public interface Reply {
    void send(byte[] response);
  }

  private final Supplier<DnsRecords> snapshot;
  private final ZoneSettings settings;
  private final Upstream upstream;
  private final AtomicInteger rotation = new AtomicInteger();
  /** Rendered answers of the current snapshot, by query bytes after the ID; replaced with the snapshot. */
  private volatile Rendered rendered = new Rendered(null, new ConcurrentHashMap<>());
  static final int MAX_RENDERED = 10_000;

  private record Rendered(DnsRecords snapshot, ConcurrentHashMap<QueryKey, byte[]> answers) {}

  /** A query without its ID (flags, counts, question, EDNS) plus the transport's size limit. */
  private record QueryKey(byte[] bytes, int maxSize, int hash) {
    static QueryKey of(byte[] query, int length, int maxSize) {
      byte[] tail = Arrays.copyOfRange(query, 2, length);
      return new QueryKey(tail, maxSize, Arrays.hashCode(tail) * 31 + maxSize);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof QueryKey k && k.maxSize == maxSize && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * @param snapshot the current snapshot, null until the informers synced (SERVFAIL in the zone)
   */
  public DnsResponder(Supplier<DnsRecords> snapshot, ZoneSettings settings, Upstream upstream) {
    this.snapshot = snapshot;
    this.settings = settings;
    this.upstream = upstream;
  }

  /**
   * Answers {@code length} bytes of {@code query}; {@code reply} is called once (at once for
   * local answers, later for forwarded ones) or never, for packets that deserve no answer.
   */
  public void handle(byte[] query, int length, boolean udp, Reply reply) {
    // Same question, same snapshot: same bytes but the ID. Saves parsing and rendering.
    DnsRecords current = snapshot.get();
    Rendered cache = rendered;
    if (cache.snapshot() != current) {
      cache = new Rendered(current, new ConcurrentHashMap<>());
      rendered = cache;
    }
    QueryKey key = null;
    if (current != null && length > Header.LENGTH && length <= 512) {
      key = QueryKey.of(query, length, udp ? -1 : 65535);
      byte[] hit = cache.answers().get(key);
      if (hit != null) {
        byte[] response = hit.clone();
        response[0] = query[0];
        response[1] = query[1];
        reply.send(response);
        return;
      }
    }
    Message request;
    try {
      request = new Message(length == query.length ? query : Arrays.copyOf(query, length));
    } catch (IOException e) {
      formatError(query, length, reply);
      return;
    }
    Header header = request.getHeader();
    if (header.getFlag(Flags.QR)) {
      return; // a response, not a query: never answer (no reflection loops)
    }
    int maxSize = udp ? udpLimit(request) : 65535;
    Record question = request.getQuestion();
    if (header.getOpcode() != Opcode.QUERY) {
      reply.send(render(error(request, Rcode.NOTIMP), maxSize));
      return;
    }
    if (question == null || header.getCount(Section.QUESTION) != 1) {
      reply.send(render(error(request, Rcode.FORMERR), maxSize));
      return;
    }
    Name qname = question.getName();
    int qtype = question.getType();
    boolean served = DnsRecords.isServed(qname, settings);
    if (served && (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY
        || qtype == Type.AXFR || qtype == Type.IXFR)) {
      reply.send(render(error(request, Rcode.REFUSED), maxSize));
      return;
    }
    DnsRecords records = served ? current : null;
    if (served && records == null) {
      reply.send(render(error(request, Rcode.SERVFAIL), maxSize)); // not synced with the API yet
      return;
    }
    Answer answer = served ? records.answer(qname, qtype) : Answer.forwardUpstream();
    if (answer.forward()) {
      forward(request, maxSize, reply);
      return;
    }
    Message response = authoritative(request, answer);
    Record first = answer.answer().isEmpty() ? null : answer.answer().get(0);
    if (first instanceof CNAMERecord cname && (qtype == Type.A || qtype == Type.AAAA)
        && !DnsRecords.isServed(cname.getTarget(), settings) && !upstream.refuses()) {
      chase(response, cname.getTarget(), qtype, maxSize, reply);
      return;
    }
    byte[] bytes = render(response, maxSize);
    if (key != null && cacheable(answer) && cache.answers().size() < MAX_RENDERED) {
      cache.answers().put(key, bytes);
    }
    reply.send(bytes);
  }

  /** Answers with several address records are rotated per response, so they are rendered each time. */
  private static boolean cacheable(Answer answer) {
    List<Record> records = answer.answer();
    return records.size() < 2 || (records.get(0).getType() != Type.A && records.get(0).getType() != Type.AAAA);
  }

  private Message authoritative(Message request, Answer answer) {
    Message response = reply(request);
    Header h = response.getHeader();
    h.setFlag(Flags.AA);
    h.setRcode(answer.rcode());
    List<Record> records = answer.answer();
    int n = records.size();
    // The loadbalance plugin: rotate address records so clients spread over endpoints.
    int offset = n > 1 && (records.get(0).getType() == Type.A || records.get(0).getType() == Type.AAAA)
        ? Math.floorMod(rotation.getAndIncrement(), n) : 0;
    for (int i = 0; i < n; i++) {
      response.addRecord(records.get((i + offset) % n), Section.ANSWER);
    }
    answer.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));
    answer.additional().forEach(r -> response.addRecord(r, Section.ADDITIONAL));
    return response;
  }

  /** ExternalName: the CNAME plus the target's addresses as upstream knows them. */
  private void chase(Message response, Name target, int qtype, int maxSize, Reply reply) {
    Message query = Message.newQuery(Record.newRecord(target, qtype, DClass.IN));
    upstream.send(query).whenComplete((upstreamResponse, failure) -> {
      if (failure == null && upstreamResponse != null) {
        for (Record r : upstreamResponse.getSection(Section.ANSWER)) {
          response.addRecord(r, Section.ANSWER);
        }
      }
      reply.send(render(response, maxSize));
    });
  }

  private void forward(Message request, int maxSize, Reply reply) {
    if (upstream.refuses()) {
      reply.send(render(error(request, Rcode.REFUSED), maxSize));
      return;
    }
    int id = request.getHeader().getID();
    Message outgoing = request.clone();
    upstream.send(outgoing).whenComplete((response, failure) -> {
      if (failure != null || response == null) {
        reply.send(render(error(request, Rcode.SERVFAIL), maxSize));
        return;
      }
      response.getHeader().setID(id);
      reply.send(render(response, maxSize));
    });
  }

  /** A response skeleton: same ID, question and RD; our OPT if the query had one. */
  private static Message reply(Message request) {
    Header in = request.getHeader();
    Message response = new Message(in.getID());
    Header out = response.getHeader();
    out.setFlag(Flags.QR);
    if (in.getFlag(Flags.RD)) {
      out.setFlag(Flags.RD);
    }
    out.setOpcode(in.getOpcode());
    Record question = request.getQuestion();
    if (question != null) {
      response.addRecord(question, Section.QUESTION);
    }
    if (request.getOPT() != null) {
      response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return response;
  }

  private static Message error(Message request, int rcode) {
    Message response = reply(request);
    response.getHeader().setRcode(rcode);
    return response;
  }

  private static void formatError(byte[] query, int length, Reply reply) {
    if (length < Header.LENGTH) {
      return;
    }
    if ((query[2] & 0x80) != 0) {
      return; // QR set: never answer a response
    }
    Message response = new Message(((query[0] & 0xff) << 8) | (query[1] & 0xff));
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setRcode(Rcode.FORMERR);
    reply.send(response.toWire());
  }

  /** The client's UDP size: its EDNS payload (at least 512, at most ours), or 512 without EDNS. */
  static int udpLimit(Message request) {
    OPTRecord opt = request.getOPT();
    if (opt == null) {
      return MIN_UDP_PAYLOAD;
    }
    return Math.max(MIN_UDP_PAYLOAD, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
  }

  private static byte[] render(Message response, int maxSize) {
    return maxSize >= 65535 ? response.toWire() : response.toWire(maxSize);
  }
}
