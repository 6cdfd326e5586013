// Mock of oatpp/codegen/api_controller/base_undef.hpp. Written for racelab's field corpus.
#undef REQUEST
#undef HEADER
#undef PATH
#undef QUERY
#undef BODY_STRING
#undef ENDPOINT
