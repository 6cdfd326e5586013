# The translation units on which the racelab checks' cost is measured, read by
# scripts/bench-checker-field (wall time) and scripts/bench-checker-instructions (instruction
# counts), so that both measure the same files with the same flags. Sourced from the repository
# root:
#   checker_field_tus DIR   writes the TUs that only include a big framework into DIR, then fills
#                           the array `tus` with "file|flags" entries: those, then every file of
#                           the field corpus (tests/field/, real frameworks' headers) with its
#                           directory's FLAGS
#   checker_field_tu_name FILE DIR   the name a table shows for FILE ("json.cpp",
#                           "qt/routes.cpp")

checker_field_tus() { # DIR
  local dir=$1 d f flags
  printf '#include <httplib.h>\nint main() { httplib::Server s; s.Get("/", [](const httplib::Request&, httplib::Response& r) { r.set_content("x", "text/plain"); }); }\n' > "$dir/httplib.cpp"
  printf '#include <cpprest/http_listener.h>\n#include <cpprest/json.h>\nvoid f(web::http::http_request m) { m.reply(200); }\n' > "$dir/cpprest.cpp"
  printf '#include <restinio/all.hpp>\nint main() { restinio::run(restinio::on_this_thread().request_handler([](auto req) { return req->create_response().done(); })); }\n' > "$dir/restinio.cpp"
  printf '#include <boost/beast.hpp>\n#include <boost/asio.hpp>\nint main() { boost::asio::io_context io; boost::beast::http::request<boost::beast::http::string_body> r; (void)r; }\n' > "$dir/beast.cpp"
  printf '#include <nlohmann/json.hpp>\nint main() { auto j = nlohmann::json::parse("{}"); return j.size(); }\n' > "$dir/json.cpp"
  printf '#include <grpcpp/grpcpp.h>\nint main() { grpc::ServerBuilder b; }\n' > "$dir/grpc.cpp"
  tus=()
  for f in "$dir"/*.cpp; do tus+=("$f|-std=c++17"); done
  for d in tests/field/*/; do
    [ "$(basename "$d")" = mocks ] && continue
    flags=$(sed "s|%S|$PWD/${d%/}|g" "$d/FLAGS")
    for f in "$d"*.cpp; do tus+=("$f|$flags"); done
  done
}

checker_field_tu_name() { # FILE DIR
  local name=${1#"$2"/}
  printf '%s\n' "${name#tests/field/}"
}
