// Mock of restbed's request.hpp (https://github.com/Corvusoft/restbed, source/corvusoft/restbed/request.hpp),
// written for racelab's field corpus from restbed's documentation/API.md and public headers:
// only what the cases use, with restbed's namespace, names and signatures; bodies are trivial.
// Not restbed's code.
#pragma once
#include <string>

#include <corvusoft/restbed/byte.hpp>

namespace restbed
{
    class Request
    {
        public:
            Request( void ) = default;
            virtual ~Request( void ) = default;

            Bytes get_body( void ) const { return { }; }
            std::string get_path( void ) const { return path; }
            std::string get_header( const std::string& name, const std::string& default_value ) const
            {
                (void) name;
                return default_value;
            }
            int get_header( const std::string& name, const int default_value ) const
            {
                (void) name;
                return default_value;
            }
            std::string get_path_parameter( const std::string& name, const std::string& default_value = "" ) const
            {
                (void) name;
                return default_value;
            }
            std::string get_query_parameter( const std::string& name, const std::string& default_value = "" ) const
            {
                (void) name;
                return default_value;
            }

        private:
            Request( const Request& original ) = delete;
            Request& operator =( const Request& value ) = delete;
            std::string path;
    };
}
