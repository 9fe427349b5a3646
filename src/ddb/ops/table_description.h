// Writing a table as DescribeTable, CreateTable, UpdateTable and DeleteTable describe it:
// TableDescription with its keys, throughput, indexes (with their live counts), stream and
// status.
#pragma once

#include <cstdint>
#include <string>

#include "common/json_writer.h"
#include "ddb/storage/engine.h"
#include "ddb/storage/table_def.h"

namespace ddb {

void write_throughput(common::JsonWriter& w, int64_t read, int64_t write);
// The TableDescription object, with `status` as its TableStatus.
void write_table_description(common::JsonWriter& w, const Engine& engine, const TableDef& table,
                             const char* status);
// {"<wrapper>": TableDescription}
std::string table_response(const Engine& engine, const TableDef& table, const char* wrapper,
                           const char* status);
// ACTIVE, or UPDATING while an index is being backfilled.
const char* table_status(const TableDef& table);

}  // namespace ddb
