package dev.keyward.http;

import io.vertx.ext.web.Router;

/** A group of HTTP routes that mounts itself on Keyward's router. */
public interface Endpoints {
  void mount(Router router);
}
