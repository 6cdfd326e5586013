// The HTTP request path, fed exactly as a client feeds it: each input is written to a running
// minigin Server over one loopback TCP connection, whose write side is then closed. So every byte
// goes through the connection's http_parser callbacks, the request filler, the header and body
// limits, pipelining (several requests in one input, answered in order) and chunked bodies, then
// the engine's router (params, wildcards, groups, trailing-slash redirects, 404/405) and handlers
// that decode the query, the form, cookies, headers and the client IP behind a trusted proxy.
//
// Checked beyond the sanitizers: whatever the server answers starts with a status line, and the
// connection always ends (a server that stops reading or writing hangs the harness: a timeout).
#include <minigin/minigin.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

minigin::Engine* engine;
minigin::Server* server;

void join_fields(std::string& out, std::span<const minigin::Field> fields) {
  for (const auto& f : fields)
    out.append(f.key).append("=").append(f.value).append(";");
}

void add_routes(minigin::Engine& e) {
  static std::ostream quiet(nullptr); // the /throw route would print a line per input
  e.use(minigin::recovery(quiet));
  e.get("/", [](minigin::Context& c) { c.string(200, "root"); });
  e.get("/users/:id", [](minigin::Context& c) { c.string(200, c.param("id")); });
  e.get("/users/:id/posts/:post", [](minigin::Context& c) {
    std::string out;
    join_fields(out, c.params());
    c.string(200, out);
  });
  e.get("/files/*path", [](minigin::Context& c) { c.string(200, c.param("path")); });
  e.get("/search", [](minigin::Context& c) {
    std::string out(c.query("q"));
    for (auto v : c.query_array("tag"))
      out.append(",").append(v);
    out.append(c.default_query("page", "1"));
    join_fields(out, c.query_fields());
    c.string(200, out);
  });
  e.post("/form", [](minigin::Context& c) {
    std::string out(c.post_form("name"));
    for (auto v : c.post_form_array("item"))
      out.append(",").append(v);
    out.append(c.default_post_form("x", "none")).append(c.content_type());
    c.string(201, out);
  });
  e.post("/echo", [](minigin::Context& c) { c.data(200, "application/octet-stream", c.body()); });
  e.any("/who", {[](minigin::Context& c) {
          std::string out(c.client_ip());
          if (auto s = c.cookie("session"))
            out.append(*s);
          out.append(c.get_header("User-Agent"));
          join_fields(out, c.headers());
          c.header("X-Path", c.path());
          c.string(200, out);
        }});
  auto api = e.group("/api", {[](minigin::Context& c) {
                       if (c.get_header("X-Deny") == "1")
                         c.abort_with_status(403);
                       else
                         c.next();
                     }});
  api.get("/v1/:name", [](minigin::Context& c) { c.json(200, {{"name", c.param("name")}}); });
  api.post("/v1/:name/*rest", [](minigin::Context& c) {
    c.json(200, {{"rest", c.param("rest")}, {"body", c.body().size()}});
  });
  e.get("/throw", [](minigin::Context&) -> void { throw std::runtime_error("handler threw"); });
}

int connect_to(unsigned short port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1; // no Nagle: the FIN of shutdown() must not wait for the server's delayed ACK
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("http_request fuzzer: connect");
    std::abort();
  }
  return fd;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  minigin::EngineOptions eo;
  eo.trusted_proxies = {"127.0.0.1"}; // the harness's peer: X-Forwarded-For is parsed
  eo.handle_method_not_allowed = true;
  engine = new minigin::Engine(eo);
  add_routes(*engine);
  minigin::ServerOptions so;
  so.threads = 1;
  // Limits small enough for inputs of a few KiB to reach 431 and 413.
  so.max_header_bytes = 2048;
  so.max_body_bytes = 4096;
  server = new minigin::Server(*engine, so);
  server->start();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int fd = connect_to(server->port());
  for (std::size_t sent = 0; sent < size;) {
    ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0)
      break; // the server closed early (it answered an error): what it wrote is still readable
    sent += std::size_t(n);
  }
  shutdown(fd, SHUT_WR);
  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;)
    answer.append(buf, std::size_t(n));
  if (!answer.empty() && answer.rfind("HTTP/1.", 0) != 0) {
    std::fprintf(stderr, "http_request fuzzer: the answer starts with no status line: %.40s\n",
                 answer.c_str());
    std::abort();
  }
  // A reset instead of a FIN: the server closed first, so its side would sit in TIME_WAIT, and
  // thousands of those a second exhaust the loopback's ports.
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close(fd);
  return 0;
}
