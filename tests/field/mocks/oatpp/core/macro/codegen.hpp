// Mock of oatpp's codegen selector (oatpp/core/macro/codegen.hpp): `#include
// OATPP_CODEGEN_BEGIN(ApiController)` brings in the ENDPOINT macros, OATPP_CODEGEN_END takes them
// away. Written for racelab's field corpus; not oatpp's code.
#pragma once
#define OATPP_MACRO_CODEGEN_EXPAND(X) X
#define OATPP_CODEGEN_DEFINE_ApiController "oatpp/codegen/api_controller/base_define.hpp"
#define OATPP_CODEGEN_UNDEF_ApiController "oatpp/codegen/api_controller/base_undef.hpp"
#define OATPP_CODEGEN_BEGIN(NAME) OATPP_MACRO_CODEGEN_EXPAND(OATPP_CODEGEN_DEFINE_##NAME)
#define OATPP_CODEGEN_END(NAME) OATPP_MACRO_CODEGEN_EXPAND(OATPP_CODEGEN_UNDEF_##NAME)
