// Mock of glaze's registry (https://github.com/stephenberry/glaze, include/glaze/rpc/registry.hpp,
// with what it takes from glaze/core: opts, the format and protocol constants, glz::meta and
// glz::object), written for racelab's field corpus from glaze's public headers and its REST
// registry documentation (docs/networking/rest-registry.md): only what the cases use, with
// glaze's namespace, names and signatures; bodies are trivial. Not glaze's code (which walks the
// metadata with compile-time reflection and builds a route per listed member).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>

#include "glaze/net/http_router.hpp"

namespace glz
{
   // glaze/core/opts.hpp
   struct opts
   {
      uint32_t format = 10;
      bool prettify = false;
   };

   inline constexpr uint32_t JSON = 10;
   inline constexpr uint32_t BEVE = 1;
   // Protocols a registry speaks.
   inline constexpr uint32_t REPE = 30000;
   inline constexpr uint32_t REST = 30100;

   // The reflection customization point: a specialization's `value` lists the members exposed.
   template <class T>
   struct meta;

   template <class... Members>
   constexpr auto object(Members&&... members)
   {
      return std::tuple<std::decay_t<Members>...>{members...};
   }

   template <uint32_t Proto>
   struct protocol_storage
   {};

   // REST: the routes, mounted on an http_server or router.
   template <>
   struct protocol_storage<REST>
   {
      using type = http_router;
   };

   namespace repe
   {
      struct message
      {
         std::string query{};
         std::string body{};
      };
   }

   // REPE: procedures called by whoever holds the registry (registry::call).
   template <>
   struct protocol_storage<REPE>
   {
      using type = std::unordered_map<std::string, std::function<void(repe::message&, repe::message&)>>;
   };

   // Keeps pointers into the registered object, which must outlive the registry.
   template <auto Opts = opts{}, uint32_t Proto = REPE>
   struct registry
   {
      static constexpr auto protocol = Proto;
      typename protocol_storage<Proto>::type endpoints{};

      template <class T>
      void on(T& value)
      {
         (void)value;
      }

      void call(repe::message& in, repe::message& out)
         requires(Proto == REPE)
      {
         (void)in, (void)out;
      }
   };
}
