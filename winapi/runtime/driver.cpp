// Kernel drivers: a DRIVER_OBJECT for DriverEntry, then every IRP major
// function the driver registered, each called as its own entry point with a
// fresh IRP, then DriverUnload.
#include "winapi/runtime/session.h"

namespace emu::winapi {

namespace {
const char* kIrpNames[28] = {
    "irp_mj_create", "irp_mj_create_named_pipe", "irp_mj_close", "irp_mj_read", "irp_mj_write",
    "irp_mj_query_information", "irp_mj_set_information", "irp_mj_query_ea", "irp_mj_set_ea",
    "irp_mj_flush_buffers", "irp_mj_query_volume_information", "irp_mj_set_volume_information",
    "irp_mj_directory_control", "irp_mj_file_system_control", "irp_mj_device_control",
    "irp_mj_internal_device_control", "irp_mj_shutdown", "irp_mj_lock_control", "irp_mj_cleanup",
    "irp_mj_create_mailslot", "irp_mj_query_security", "irp_mj_set_security", "irp_mj_power",
    "irp_mj_system_control", "irp_mj_device_change", "irp_mj_query_quota", "irp_mj_set_quota", "irp_mj_pnp"};
}

void Session::run_driver(uint64_t entry) {
  const auto& m = proc.main_module();
  std::string base = m.name;
  if (const size_t dot = base.rfind('.'); dot != std::string::npos) base.resize(dot);

  driver_object = heap_alloc(0x400, true);
  const uint64_t d = driver_object;
  write_u16(d, 4);
  write_u16(d + 2, x64 ? 0x150 : 0xA8);
  const uint64_t name_buf = heap_alloc(0x200, true);
  const std::u16string dname = utf8_to_utf16("\\Driver\\" + base);
  write_wstr(name_buf, dname);
  const uint64_t ext = heap_alloc(0x40, true);
  if (x64) {
    write_u64(d + 0x18, m.base);
    write_u32(d + 0x20, static_cast<uint32_t>(m.size));
    write_u64(d + 0x30, ext);
    write_unicode_string(d + 0x38, name_buf, static_cast<uint16_t>(dname.size() * 2), static_cast<uint16_t>(dname.size() * 2 + 2));
    write_u64(d + 0x58, entry);
    write_u64(ext, d);
    for (int i = 0; i < 28; ++i) write_u64(d + 0x70 + 8 * i, default_irp_trap());
  } else {
    write_u32(d + 0x0C, static_cast<uint32_t>(m.base));
    write_u32(d + 0x10, static_cast<uint32_t>(m.size));
    write_u32(d + 0x18, static_cast<uint32_t>(ext));
    write_unicode_string(d + 0x1C, name_buf, static_cast<uint16_t>(dname.size() * 2), static_cast<uint16_t>(dname.size() * 2 + 2));
    write_u32(d + 0x2C, static_cast<uint32_t>(entry));
    write_u32(ext, static_cast<uint32_t>(d));
    for (int i = 0; i < 28; ++i) write_u32(d + 0x38 + 4 * i, static_cast<uint32_t>(default_irp_trap()));
  }
  const uint64_t reg_buf = heap_alloc(0x400, true);
  const std::u16string rpath = utf8_to_utf16("\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" + base);
  write_wstr(reg_buf, rpath);
  const uint64_t reg_us = heap_alloc(0x10, true);
  write_unicode_string(reg_us, reg_buf, static_cast<uint16_t>(rpath.size() * 2), static_cast<uint16_t>(rpath.size() * 2 + 2));

  PendingRun r;
  r.type = "driver_entry";
  r.address = entry;
  r.args = {d, reg_us};
  r.tid = proc.main_thread().tid;
  run_one(r);
  if (!runs.empty() && runs.back().limit) return;

  // The dispatch routines exercised, in Speakeasy's order; others (power,
  // pnp, ...) are not driven.
  for (int i : {0, 14, 3, 4, 2, 18}) {
    const uint64_t fn = x64 ? read_u64(d + 0x70 + 8 * i) : read_u32(d + 0x38 + 4 * i);
    if (!fn || fn == default_irp_trap()) continue;
    const uint64_t irp = heap_alloc(0x400, true);
    const uint64_t loc = irp + 0x200;
    const uint64_t sysbuf = heap_alloc(0x100, true);
    write_u16(irp, 6);
    write_u16(irp + 2, x64 ? 0x118 : 0x94);
    if (x64) {
      write_u64(irp + 0x18, sysbuf);
      mem.write_as<uint8_t>(irp + 0x42, 1);
      mem.write_as<uint8_t>(irp + 0x43, 1);
      write_u64(irp + 0xB8, loc);
      write_u64(loc + 0x28, device_object);
    } else {
      write_u32(irp + 0x0C, static_cast<uint32_t>(sysbuf));
      mem.write_as<uint8_t>(irp + 0x22, 1);
      mem.write_as<uint8_t>(irp + 0x23, 1);
      write_u32(irp + 0x60, static_cast<uint32_t>(loc));
      write_u32(loc + 0x14, static_cast<uint32_t>(device_object));
    }
    mem.write_as<uint8_t>(loc, static_cast<uint8_t>(i));
    PendingRun ir;
    ir.type = kIrpNames[i];
    ir.address = fn;
    ir.args = {device_object, irp};
    ir.tid = r.tid;
    run_one(ir);
    if (!runs.empty() && runs.back().limit) return;
  }
  const uint64_t unload = x64 ? read_u64(d + 0x68) : read_u32(d + 0x34);
  if (unload) {
    PendingRun u;
    u.type = "driver_unload";
    u.address = unload;
    u.args = {d};
    u.tid = r.tid;
    run_one(u);
  }
  while (!pending.empty()) {
    if (!runs.empty() && runs.back().limit) return;
    PendingRun p = std::move(pending.front());
    pending.pop_front();
    run_one(p);
  }
}

}  // namespace emu::winapi
