# Fails the build when a source file includes a header its layer may not use. Run by the
# `layers` target (cmake -P, with SOURCE_DIR set). The layers, from the bottom:
#   common, net, aws            neutral libraries: JSON writer, base64, uuid; HTTP listener;
#                               client-side AWS (SigV4, credentials, the AWS JSON client)
#   ddb/value -> ddb/storage -> ddb/expr -> ddb/ops -> ddb/server     the engine
#   cruddur                     the app: uses common, net, aws; never ddb
# Only ddb/storage includes RocksDB.
set(rules
  "src/common/*|common/"
  "src/net/*|net/,common/"
  "src/aws/*|aws/,net/http_client.h,common/"
  "src/ddb/value/*|ddb/value/,ddb/error.h,common/"
  "src/ddb/error|ddb/error.h,ddb/value/"
  "src/ddb/storage/*|ddb/storage/,ddb/value/,ddb/error.h,common/"
  "src/ddb/expr/*|ddb/expr/,ddb/storage/table_def.h,ddb/value/,ddb/error.h,common/"
  "src/ddb/ops/*|ddb/ops/,ddb/expr/,ddb/storage/engine.h,ddb/storage/keys.h,ddb/storage/table_def.h,ddb/storage/stream_log.h,ddb/value/,ddb/error.h,common/"
  "src/ddb/server/*|ddb/server/,ddb/ops/,ddb/storage/engine.h,ddb/value/,ddb/error.h,net/,aws/sigv4.h,common/"
  "src/cruddur/*|cruddur/,aws/,net/,common/"
  "apps/ddb-server|ddb/,net/"
  "apps/cruddur|cruddur/,aws/,net/,common/")

set(failures "")
foreach(rule IN LISTS rules)
  string(REPLACE "|" "," rule "${rule}")
  string(REPLACE "," ";" parts "${rule}")
  list(GET parts 0 pattern)
  string(REGEX REPLACE "/\\*$" "" prefix "${pattern}")
  list(SUBLIST parts 1 -1 allowed)
  file(GLOB_RECURSE files "${SOURCE_DIR}/${pattern}.cc" "${SOURCE_DIR}/${pattern}.h")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" includes REGEX "^#include [\"<]")
    foreach(line IN LISTS includes)
      if(line MATCHES "^#include <rocksdb/" AND NOT prefix STREQUAL "src/ddb/storage")
        string(APPEND failures "\n  ${file}: ${line} (only ddb/storage uses RocksDB)")
      endif()
      if(NOT line MATCHES "^#include \"([^\"]+)\"")
        continue()
      endif()
      set(header "${CMAKE_MATCH_1}")
      set(ok FALSE)
      foreach(allow IN LISTS allowed)
        string(FIND "${header}" "${allow}" at)
        if(at EQUAL 0)
          set(ok TRUE)
        endif()
      endforeach()
      if(NOT ok)
        string(APPEND failures "\n  ${file}: ${line} (${prefix} may include: ${allowed})")
      endif()
    endforeach()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "includes that cross the layers:${failures}")
endif()
