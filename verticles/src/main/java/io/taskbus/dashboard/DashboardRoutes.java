package io.taskbus.dashboard;

import io.taskbus.node.HttpRoutes;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The dashboard over HTTP: {@code POST /login} (a form: user, password; the session is a random
 * HttpOnly SameSite=Strict cookie), {@code POST /logout}, {@code GET /api/snapshot} (JSON: what
 * the user may see), {@code GET /api/events} (the same, as server-sent events every
 * {@link #PUSH_MS}), and the page itself (index.html, app.js, style.css from the classpath).
 * No page or answer carries a token, a password, a secret or a task's arguments.
 */
public final class DashboardRoutes implements HttpRoutes {

  static final String COOKIE = "taskbus_dashboard";
  static final long PUSH_MS = 500;
  static final int MAX_STREAMS = 64;
  static final int MAX_PENDING_LOGINS = 8;
  static final String WEBROOT = "io/taskbus/dashboard/webroot";
  private static final String CSP = "default-src 'self'; img-src 'self' data:;"
      + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  private final DashboardVerticle dashboard;
  private final DashboardSessions sessions;
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicInteger pendingLogins = new AtomicInteger();

  public DashboardRoutes(DashboardVerticle dashboard) {
    this(dashboard, System::currentTimeMillis);
  }

  DashboardRoutes(DashboardVerticle dashboard, LongSupplier clock) {
    this.dashboard = dashboard;
    this.sessions = new DashboardSessions(clock);
  }

  @Override
  public void mount(Router router) {
    router.route().handler(DashboardRoutes::secureHeaders);
    router.post("/login").handler(BodyHandler.create().setBodyLimit(4_096)
        .setHandleFileUploads(false)).handler(this::login);
    router.post("/logout").handler(this::logout);
    router.get("/api/snapshot").handler(this::snapshot);
    router.get("/api/events").handler(this::events);
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create(WEBROOT).setCachingEnabled(false)
        .setDirectoryListing(false).setIncludeHidden(false));
  }

  private static void secureHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
    ctx.next();
  }

  private void login(RoutingContext ctx) {
    String user = ctx.request().getFormAttribute("user");
    String password = ctx.request().getFormAttribute("password");
    if (user == null || password == null || user.isBlank() || user.length() > 200
        || password.length() > 1_000) {
      redirect(ctx, "/?login=failed");
      return;
    }
    if (pendingLogins.incrementAndGet() > MAX_PENDING_LOGINS) {
      pendingLogins.decrementAndGet();
      redirect(ctx, "/?login=busy");
      return;
    }
    dashboard.login(user.strip(), password).onComplete(ar -> {
      pendingLogins.decrementAndGet();
      if (ar.succeeded()) {
        sessions.close(sessionId(ctx));
        ctx.response().addCookie(Cookie.cookie(COOKIE, sessions.open(ar.result()))
            .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
            .setSecure(ctx.request().isSSL()));
        redirect(ctx, "/");
      } else {
        int status = ar.cause() instanceof DashboardVerticle.LoginRefused r ? r.status() : 503;
        redirect(ctx, "/?login=" + (status == 403 ? "forbidden" : status == 401 ? "failed"
            : "unavailable"));
      }
    });
  }

  private void logout(RoutingContext ctx) {
    sessions.close(sessionId(ctx));
    ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0)
        .setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
    redirect(ctx, "/");
  }

  private void snapshot(RoutingContext ctx) {
    Viewer viewer = sessions.get(sessionId(ctx));
    if (viewer == null) {
      unauthorized(ctx);
      return;
    }
    dashboard.snapshot(viewer).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(500);
        return;
      }
      ctx.response().putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store").end(ar.result().encode());
    });
  }

  private void events(RoutingContext ctx) {
    String id = sessionId(ctx);
    Viewer viewer = sessions.get(id);
    if (viewer == null) {
      unauthorized(ctx);
      return;
    }
    if (streams.incrementAndGet() > MAX_STREAMS) {
      streams.decrementAndGet();
      ctx.response().setStatusCode(503).end();
      return;
    }
    HttpServerResponse response = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-store");
    long[] timer = {-1};
    Runnable push = () -> {
      if (sessions.get(id) == null) { // logged out or expired: the page logs in again
        response.end("event: logout\ndata: {}\n\n");
        return;
      }
      if (response.writeQueueFull()) {
        return; // a slow browser misses a frame rather than holding memory
      }
      dashboard.snapshot(viewer).onSuccess(json -> {
        if (!response.ended() && !response.closed()) {
          response.write("data: " + json.encode() + "\n\n");
        }
      });
    };
    response.closeHandler(v -> {
      ctx.vertx().cancelTimer(timer[0]);
      streams.decrementAndGet();
    });
    response.endHandler(v -> ctx.vertx().cancelTimer(timer[0]));
    push.run();
    timer[0] = ctx.vertx().setPeriodic(PUSH_MS, t -> {
      if (response.ended() || response.closed()) {
        ctx.vertx().cancelTimer(t);
      } else {
        push.run();
      }
    });
  }

  private static String sessionId(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  private static void unauthorized(RoutingContext ctx) {
    ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(new JsonObject().put("error", "log in first").encode());
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location)
        .putHeader("Cache-Control", "no-store").end();
  }
}
