# emu_test_suite(LAYER DEPS libs...): builds tests/LAYER/*.cpp into bin/LAYER_tests.
# Tests find built guest programs under EMU_GUEST_DIR and the shared corpus
# under EMU_SHARED_DIR (they skip with a message when it is absent).
function(emu_test_suite layer)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${layer}/*.cpp)
  if(NOT sources)
    return()
  endif()
  set(exe ${layer}_tests)
  add_executable(${exe} ${sources})
  target_link_libraries(${exe} PRIVATE ${ARG_DEPS} Boost::unit_test_framework)
  target_compile_definitions(${exe} PRIVATE
    BOOST_TEST_DYN_LINK
    EMU_GUEST_DIR="${CMAKE_BINARY_DIR}/guest"
    EMU_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
    EMU_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    EMU_BIN_DIR="${CMAKE_BINARY_DIR}/bin")
  target_include_directories(${exe} PRIVATE ${PROJECT_SOURCE_DIR})
  emu_warnings(${exe})
  if(TARGET guests)
    add_dependencies(${exe} guests)
  endif()
  add_test(NAME ${layer} COMMAND ${exe} --log_level=test_suite --report_level=short)
  set_tests_properties(${layer} PROPERTIES TIMEOUT 900)
endfunction()
