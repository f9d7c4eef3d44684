# One place for the warning list and sanitizer flags, applied privately to our own targets only.
function(kaiten_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror -Wshadow
                                           -Wconversion -Wno-sign-conversion)
  if(KAITEN_SANITIZE)
    # GCC 12's flow analysis under ASan reports false "may be used uninitialized" errors inside
    # std::variant moves of vectors (libstdc++); the normal build keeps the warning.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(KAITEN_FUZZ)
    # Coverage feedback for libFuzzer in every library the harnesses link, with the sanitizers
    # that turn memory errors and undefined behaviour into crashes. Harnesses link -fsanitize=fuzzer.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                             -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# A library per top-level module: public headers under include/kaiten/<module>/.
function(kaiten_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(kaiten_${name} STATIC ${ARG_SOURCES})
  add_library(kaiten::${name} ALIAS kaiten_${name})
  target_include_directories(kaiten_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                            PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(kaiten_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  kaiten_target_options(kaiten_${name})
endfunction()

# A shared module loaded at run time (kaiten/core/module.hpp): lib<name>.so beside the
# executables, which find it next to themselves.
function(kaiten_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(kaiten_${name} MODULE ${ARG_SOURCES})
  target_link_libraries(kaiten_${name} PRIVATE ${ARG_DEPS})
  set_target_properties(kaiten_${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
  kaiten_target_options(kaiten_${name})
endfunction()
