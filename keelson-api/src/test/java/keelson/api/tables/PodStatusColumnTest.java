package keelson.api.tables;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodStatusColumnTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  private static final String ONE_CONTAINER = "\"spec\":{\"containers\":[{\"name\":\"nginx\"}]}";
  private static final String RUNNING_READY =
      "{\"name\":\"nginx\",\"ready\":true,\"restartCount\":0,\"state\":{\"running\":{}}}";

  private static PodStatusColumn derive(String json) throws Exception {
    return PodStatusColumn.of(JSON.readTree(json.replace('\'', '"')), NOW);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // name | pod | ready | status | restarts
      "fresh pod|{'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending'}}|0/1|Pending|0",
      "creating|{'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending','containerStatuses':[{'name':'a','ready':false,'restartCount':0,'state':{'waiting':{'reason':'ContainerCreating'}}}]}}|0/1|ContainerCreating|0",
      "running|{'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':true,'restartCount':0,'state':{'running':{}}}]}}|1/1|Running|0",
      "terminating|{'metadata':{'deletionTimestamp':'2024-05-01T10:00:10Z'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':true,'restartCount':0,'state':{'running':{}}}]}}|1/1|Terminating|0",
      "node lost|{'metadata':{'deletionTimestamp':'2024-05-01T10:00:10Z'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','reason':'NodeLost'}}|0/1|Unknown|0",
      "terminal pod being deleted|{'metadata':{'deletionTimestamp':'2024-05-01T10:00:10Z'},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded','containerStatuses':[{'name':'a','restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}}|0/1|Completed|0",
      "evicted|{'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed','reason':'Evicted'}}|0/1|Evicted|0",
      "gated|{'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}}|0/1|SchedulingGated|0",
      "init waiting|{'spec':{'initContainers':[{'name':'i'},{'name':'j'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':[{'name':'i','restartCount':0,'state':{'terminated':{'exitCode':0}}},{'name':'j','restartCount':0,'state':{'waiting':{'reason':'PodInitializing'}}}]}}|0/1|Init:1/2|0",
      "init crashloop|{'spec':{'initContainers':[{'name':'i'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':[{'name':'i','restartCount':4,'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}}|0/1|Init:CrashLoopBackOff|4",
      "init failed|{'spec':{'initContainers':[{'name':'i'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':[{'name':'i','restartCount':0,'state':{'terminated':{'exitCode':3}}}]}}|0/1|Init:ExitCode:3|0",
      "init signalled|{'spec':{'initContainers':[{'name':'i'}],'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':[{'name':'i','restartCount':0,'state':{'terminated':{'exitCode':137,'signal':9}}}]}}|0/1|Init:Signal:9|0",
      "started sidecar counts as ready|{'spec':{'initContainers':[{'name':'s','restartPolicy':'Always'}],'containers':[{'name':'a'}]},'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'}],'initContainerStatuses':[{'name':'s','started':true,'ready':true,'restartCount':1,'state':{'running':{}}}],'containerStatuses':[{'name':'a','ready':true,'restartCount':2,'state':{'running':{}}}]}}|2/2|Running|3",
      "first waiting container wins|{'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','restartCount':0,'state':{'waiting':{'reason':'ErrImagePull'}}},{'name':'b','restartCount':0,'state':{'waiting':{'reason':'ContainerCreating'}}}]}}|0/2|ErrImagePull|0",
      "completed beside ready runner|{'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],'containerStatuses':[{'name':'a','restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},{'name':'b','ready':true,'restartCount':0,'state':{'running':{}}}]}}|1/2|Running|0",
      "completed beside unready pod|{'spec':{'containers':[{'name':'a'},{'name':'b'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},{'name':'b','ready':true,'restartCount':0,'state':{'running':{}}}]}}|1/2|NotReady|0",
      "crash loop with last restart time|{'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':[{'name':'a','ready':false,'restartCount':3,'lastState':{'terminated':{'exitCode':1,'finishedAt':'2024-05-01T09:55:00Z'}},'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}}|0/1|CrashLoopBackOff|3 (5m ago)",
      "exit code without reason|{'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Failed','containerStatuses':[{'name':'a','restartCount':0,'state':{'terminated':{'exitCode':2}}}]}}|0/1|ExitCode:2|0"})
  void derivesReadyStatusAndRestartsInUpstreamOrder(String name, String pod, String ready, String status,
      String restarts) throws Exception {
    PodStatusColumn column = derive(pod);
    assertThat(column.status()).isEqualTo(status);
    assertThat(column.ready()).isEqualTo(ready);
    assertThat(column.restarts()).isEqualTo(restarts);
  }
}
