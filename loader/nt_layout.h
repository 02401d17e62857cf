// Field offsets of the Windows 7 SP1 user-mode process structures, for 32-bit
// (x86) and 64-bit (x64) processes. Sources: the public symbol layouts of
// ntdll 6.1.7601 (as reproduced by ReactOS/Wine headers and the Windows
// documentation of PEB, TEB, PEB_LDR_DATA, LDR_DATA_TABLE_ENTRY,
// RTL_USER_PROCESS_PARAMETERS, KUSER_SHARED_DATA).
#pragma once

#include <cstdint>

#include "loader/loader.h"

namespace emu::loader {

struct NtLayout {
  // UNICODE_STRING / LIST_ENTRY sizes
  uint32_t ustr_size, list_size;

  // PEB
  uint32_t peb_size;
  uint32_t peb_being_debugged, peb_image_base, peb_ldr, peb_process_parameters, peb_process_heap,
      peb_fast_peb_lock, peb_number_of_processors, peb_nt_global_flag, peb_critical_section_timeout,
      peb_heap_segment_reserve, peb_heap_segment_commit, peb_number_of_heaps, peb_max_heaps, peb_process_heaps,
      peb_loader_lock, peb_os_major, peb_os_minor, peb_os_build, peb_os_csd_version, peb_os_platform_id,
      peb_image_subsystem, peb_subsystem_major, peb_subsystem_minor, peb_affinity_mask, peb_session_id,
      peb_csd_version;

  // PEB_LDR_DATA
  uint32_t ldr_size, ldr_initialized, ldr_in_load_order, ldr_in_memory_order, ldr_in_init_order;

  // LDR_DATA_TABLE_ENTRY
  uint32_t le_size, le_in_load_order, le_in_memory_order, le_in_init_order, le_dll_base, le_entry_point,
      le_size_of_image, le_full_dll_name, le_base_dll_name, le_flags, le_load_count, le_tls_index,
      le_hash_links, le_time_date_stamp;

  // RTL_USER_PROCESS_PARAMETERS
  uint32_t pp_size, pp_maximum_length, pp_length, pp_flags, pp_console_handle, pp_std_input,
      pp_std_output, pp_std_error, pp_current_directory, pp_dll_path, pp_image_path_name, pp_command_line,
      pp_environment, pp_show_window_flags, pp_window_title, pp_desktop_info, pp_shell_info,
      pp_runtime_data, pp_environment_size;

  // TEB
  uint32_t teb_size;
  uint32_t teb_exception_list, teb_stack_base, teb_stack_limit, teb_self, teb_client_id,
      teb_thread_local_storage_pointer, teb_peb, teb_last_error, teb_current_locale,
      teb_deallocation_stack, teb_tls_slots, teb_tls_links, teb_tls_expansion_slots;
};

inline const NtLayout& nt_layout(Arch a) {
  static const NtLayout x86{
      8, 8,
      // PEB
      0x248,
      0x002, 0x008, 0x00C, 0x010, 0x018, 0x01C, 0x064, 0x068, 0x070, 0x078, 0x07C, 0x088, 0x08C, 0x090,
      0x0A0, 0x0A4, 0x0A8, 0x0AC, 0x0AE, 0x0B0, 0x0B4, 0x0B8, 0x0BC, 0x0C0, 0x1D4, 0x1F0,
      // PEB_LDR_DATA
      0x30, 0x04, 0x0C, 0x14, 0x1C,
      // LDR_DATA_TABLE_ENTRY
      0x78, 0x00, 0x08, 0x10, 0x18, 0x1C, 0x20, 0x24, 0x2C, 0x34, 0x38, 0x3A, 0x3C, 0x44,
      // RTL_USER_PROCESS_PARAMETERS
      0x298, 0x00, 0x04, 0x08, 0x10, 0x18, 0x1C, 0x20, 0x24, 0x30, 0x38, 0x40, 0x48, 0x6C, 0x70, 0x78,
      0x80, 0x88, 0x290,
      // TEB
      0xFE4,
      0x000, 0x004, 0x008, 0x018, 0x020, 0x02C, 0x030, 0x034, 0x0C4, 0xE0C, 0xE10, 0xF10, 0xF94,
  };
  static const NtLayout x64{
      16, 16,
      // PEB
      0x380,
      0x002, 0x010, 0x018, 0x020, 0x030, 0x038, 0x0B8, 0x0BC, 0x0C0, 0x0C8, 0x0D0, 0x0E8, 0x0EC, 0x0F0,
      0x110, 0x118, 0x11C, 0x120, 0x122, 0x124, 0x128, 0x12C, 0x130, 0x138, 0x2C0, 0x2E8,
      // PEB_LDR_DATA
      0x58, 0x04, 0x10, 0x20, 0x30,
      // LDR_DATA_TABLE_ENTRY
      0xE0, 0x00, 0x10, 0x20, 0x30, 0x38, 0x40, 0x48, 0x58, 0x68, 0x6C, 0x6E, 0x70, 0x80,
      // RTL_USER_PROCESS_PARAMETERS
      0x400, 0x00, 0x04, 0x08, 0x10, 0x20, 0x28, 0x30, 0x38, 0x50, 0x60, 0x70, 0x80, 0xA8, 0xB0, 0xC0,
      0xD0, 0xE0, 0x3F0,
      // TEB
      0x1818,
      0x000, 0x008, 0x010, 0x030, 0x040, 0x058, 0x060, 0x068, 0x108, 0x1478, 0x1480, 0x1680, 0x1780,
  };
  return a == Arch::X86 ? x86 : x64;
}

// KUSER_SHARED_DATA (same layout for both architectures).
namespace kusd {
constexpr uint32_t kTickCountLow = 0x000, kTickCountMultiplier = 0x004, kInterruptTime = 0x008,
                   kSystemTime = 0x014, kTimeZoneBias = 0x020, kImageNumberLow = 0x02C,
                   kImageNumberHigh = 0x02E, kNtSystemRoot = 0x030, kMaxStackTraceDepth = 0x238,
                   kNtProductType = 0x264, kProductTypeIsValid = 0x268, kNtMajorVersion = 0x26C,
                   kNtMinorVersion = 0x270, kProcessorFeatures = 0x274, kSuiteMask = 0x2D0,
                   kKdDebuggerEnabled = 0x2D4, kNxSupportPolicy = 0x2D5, kActiveConsoleId = 0x2D8,
                   kNumberOfPhysicalPages = 0x2E8, kSafeBootMode = 0x2EC, kTestRetInstruction = 0x2F8,
                   kSystemCall = 0x300, kSystemCallReturn = 0x304, kTickCount = 0x320, kCookie = 0x330;
}  // namespace kusd

}  // namespace emu::loader
