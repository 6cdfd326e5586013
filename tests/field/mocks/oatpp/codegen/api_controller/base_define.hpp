// Mock of oatpp's ApiController codegen (oatpp 1.3, oatpp/codegen/api_controller/base_define.hpp).
// The real ENDPOINT macro also generates a proxy that parses the parameters from the request and
// registers the endpoint; what a user's body sees is the same: a member function returning
// std::shared_ptr<OutgoingResponse> whose parameters are `const TYPE& NAME`. Written for racelab's
// field corpus; not oatpp's code.
#define REQUEST(TYPE, NAME) const TYPE &NAME
#define HEADER(TYPE, NAME, ...) const TYPE &NAME
#define PATH(TYPE, NAME, ...) const TYPE &NAME
#define QUERY(TYPE, NAME, ...) const TYPE &NAME
#define BODY_STRING(TYPE, NAME) const TYPE &NAME

#define ENDPOINT(METHOD, PATH_, NAME, ...) \
  std::shared_ptr<oatpp::web::protocol::http::outgoing::Response> NAME(__VA_ARGS__)
