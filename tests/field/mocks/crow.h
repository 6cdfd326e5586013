// Mock of Crow's public API (https://crowcpp.org, include/crow.h and include/crow/*.h), written
// for racelab's field corpus from the documentation and the public headers: only what the cases
// use, with Crow's namespaces, names and signatures; bodies are trivial. Not Crow's code.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>

namespace crow
{
    enum class HTTPMethod : char
    {
        Delete,
        Get,
        Head,
        Post,
        Put,
    };

    using ci_map = std::unordered_multimap<std::string, std::string>;

    /// The parsed query string; get() returns a pointer into the request's own storage.
    class query_string
    {
    public:
        char* get(const std::string& name) const { (void)name; return nullptr; }
    };

    /// An HTTP request (include/crow/http_request.h): copyable.
    struct request
    {
        HTTPMethod method{HTTPMethod::Get};
        std::string raw_url;
        std::string url;
        query_string url_params;
        ci_map headers;
        std::string body;
        std::string remote_ip_address;

        const std::string& get_header_value(const std::string& key) const
        {
            (void)key;
            return body;
        }
    };

    /// An HTTP response (include/crow/http_response.h): movable, not copyable.
    struct response
    {
        int code{200};
        std::string body;
        ci_map headers;

        response() {}
        explicit response(int code_): code(code_) {}
        response(std::string body_): body(std::move(body_)) {}
        response(int code_, std::string body_): code(code_), body(std::move(body_)) {}
        response(response&& r) { *this = std::move(r); }
        response& operator=(const response& r) = delete;
        response& operator=(response&& r) noexcept
        {
            code = r.code;
            body = std::move(r.body);
            return *this;
        }

        void set_header(std::string key, std::string value) { headers.emplace(std::move(key), std::move(value)); }
        void add_header(std::string key, std::string value) { headers.emplace(std::move(key), std::move(value)); }
        void write(const std::string& body_part) { body += body_part; }
        void end() {}
        void end(const std::string& body_part) { body += body_part; }
        bool is_alive() { return true; }
        bool is_completed() const noexcept { return false; }
    };

    namespace websocket
    {
        /// The base class of a websocket connection (include/crow/websocket.h): abstract.
        struct connection
        {
            virtual void send_binary(std::string msg) = 0;
            virtual void send_text(std::string msg) = 0;
            virtual void close(std::string const& msg = "quit", uint16_t status_code = 1000) = 0;
            virtual std::string get_remote_ip() = 0;
            virtual ~connection() = default;

            void userdata(void* u) { userdata_ = u; }
            void* userdata() { return userdata_; }

        private:
            void* userdata_{};
        };
    } // namespace websocket

    class WebSocketRule
    {
    public:
        template<typename Func>
        WebSocketRule& onopen(Func f) { (void)f; return *this; }
        template<typename Func>
        WebSocketRule& onmessage(Func f) { (void)f; return *this; }
        template<typename Func>
        WebSocketRule& onclose(Func f) { (void)f; return *this; }
    };

    /// A rule whose URL parameters are typed by the route's tag (include/crow/routing.h).
    template<typename... Args>
    class TaggedRule
    {
    public:
        TaggedRule& methods(HTTPMethod method) { (void)method; return *this; }
        template<typename... MethodArgs>
        TaggedRule& methods(HTTPMethod method, MethodArgs... args_method)
        {
            (void)method;
            ((void)args_method, ...);
            return *this;
        }

        /// Registers the handler; Crow calls it on its worker threads for every request.
        template<typename Func>
        void operator()(Func&& f) { (void)f; }

        template<typename App>
        WebSocketRule& websocket(App* app) { (void)app; return ws_; }

    private:
        WebSocketRule ws_;
    };

    namespace black_magic
    {
        constexpr uint64_t get_parameter_tag(const char* url, unsigned p = 0) { return (void)url, (void)p, 0; }
    } // namespace black_magic

    template<typename... Middlewares>
    class Crow
    {
    public:
        using self_t = Crow;

        template<uint64_t Tag>
        TaggedRule<>& route(const std::string& rule) { (void)rule; return rule_; }

        self_t& port(std::uint16_t port) { (void)port; return *this; }
        self_t& multithreaded() { return *this; }
        self_t& concurrency(unsigned int concurrency) { (void)concurrency; return *this; }
        void run() {}
        void stop() {}

    private:
        TaggedRule<> rule_;
    };

    template<typename... Middlewares>
    using App = Crow<Middlewares...>;
    using SimpleApp = Crow<>;
} // namespace crow

#define CROW_ROUTE(app, url) app.template route<crow::black_magic::get_parameter_tag(url)>(url)
#define CROW_WEBSOCKET_ROUTE(app, url) \
    app.template route<crow::black_magic::get_parameter_tag(url)>(url).websocket<std::remove_reference<decltype(app)>::type>(&app)
