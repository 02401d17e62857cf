# Our own code builds clean with -Wall -Wextra; dependencies are system includes.
function(emu_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
endfunction()

# emu_layer(NAME DEPS ...): the static library of one layer, made of every
# .cpp in the layer's folder and its subfolders (files named *_main.cpp are
# programs, not library code).
function(emu_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "_main\\.cpp$")
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  emu_warnings(${name})
endfunction()
