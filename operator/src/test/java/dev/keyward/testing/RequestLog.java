package dev.keyward.testing;

import dev.keyward.operator.ReconnectingHttpClientFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request a client sends to the API server, as "METHOD path?query": tests count the reads and
 * writes a component makes by giving it a client from {@link #client()}.
 */
public final class RequestLog implements Interceptor {

  public final List<String> requests = new CopyOnWriteArrayList<>();

  /** A client of the test cluster whose every request is logged here. */
  public KubernetesClient client() {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new ReconnectingHttpClientFactory())
        .withConfig(TestCluster.client().getConfiguration())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("request-log", this))
        .build();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
    String query = request.uri().getRawQuery();
    requests.add(
        request.method() + " " + request.uri().getPath() + (query == null ? "" : "?" + query));
  }
}
