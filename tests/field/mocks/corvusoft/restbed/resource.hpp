// Mock of restbed's resource.hpp (https://github.com/Corvusoft/restbed, source/corvusoft/restbed/resource.hpp),
// written for racelab's field corpus from restbed's documentation/API.md and public headers:
// only what the cases use, with restbed's namespace, names and signatures; bodies are trivial.
// Not restbed's code.
#pragma once
#include <functional>
#include <memory>
#include <string>

namespace restbed
{
    class Session;

    class Resource
    {
        public:
            Resource( void ) = default;
            virtual ~Resource( void ) = default;

            void set_path( const std::string& value ) { (void) value; }
            void set_method_handler( const std::string& method, const std::function< void ( const std::shared_ptr< Session > ) >& callback )
            {
                (void) method, (void) callback;
            }

        private:
            Resource( const Resource& original ) = delete;
            Resource& operator =( const Resource& value ) = delete;
    };
}
