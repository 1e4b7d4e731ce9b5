//! The part of the SANE 1.0 C API (`<sane/sane.h>`) that Aktenscan uses.

#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_void};

pub type SANE_Int = c_int;
pub type SANE_Bool = c_int;
pub type SANE_Status = c_int;
pub type SANE_Handle = *mut c_void;

pub const STATUS_GOOD: SANE_Status = 0;
pub const STATUS_EOF: SANE_Status = 5;
pub const STATUS_NO_DOCS: SANE_Status = 7;
pub const STATUS_IO_ERROR: SANE_Status = 9;

pub const TYPE_BOOL: c_int = 0;
pub const TYPE_INT: c_int = 1;
pub const TYPE_FIXED: c_int = 2;
pub const TYPE_STRING: c_int = 3;

pub const CAP_SOFT_SELECT: c_int = 1;
pub const CAP_INACTIVE: c_int = 1 << 5;

pub const CONSTRAINT_RANGE: c_int = 1;
pub const CONSTRAINT_WORD_LIST: c_int = 2;
pub const CONSTRAINT_STRING_LIST: c_int = 3;

pub const ACTION_GET_VALUE: c_int = 0;
pub const ACTION_SET_VALUE: c_int = 1;

pub const FRAME_GRAY: c_int = 0;
pub const FRAME_RGB: c_int = 1;

#[repr(C)]
pub struct SANE_Device {
    pub name: *const c_char,
    pub vendor: *const c_char,
    pub model: *const c_char,
    pub type_: *const c_char,
}

#[repr(C)]
pub struct SANE_Option_Descriptor {
    pub name: *const c_char,
    pub title: *const c_char,
    pub desc: *const c_char,
    pub type_: c_int,
    pub unit: c_int,
    pub size: SANE_Int,
    pub cap: SANE_Int,
    pub constraint_type: c_int,
    /// A union of `string_list`, `word_list` and `range` pointers.
    pub constraint: *const c_void,
}

#[repr(C)]
#[derive(Default)]
pub struct SANE_Parameters {
    pub format: c_int,
    pub last_frame: SANE_Bool,
    pub bytes_per_line: SANE_Int,
    pub pixels_per_line: SANE_Int,
    pub lines: SANE_Int,
    pub depth: SANE_Int,
}

pub type SANE_Auth_Callback = Option<
    unsafe extern "C" fn(resource: *const c_char, username: *mut c_char, password: *mut c_char),
>;

extern "C" {
    pub fn sane_init(version_code: *mut SANE_Int, authorize: SANE_Auth_Callback) -> SANE_Status;
    pub fn sane_exit();
    pub fn sane_get_devices(
        device_list: *mut *mut *const SANE_Device,
        local_only: SANE_Bool,
    ) -> SANE_Status;
    pub fn sane_open(name: *const c_char, handle: *mut SANE_Handle) -> SANE_Status;
    pub fn sane_close(handle: SANE_Handle);
    pub fn sane_get_option_descriptor(
        handle: SANE_Handle,
        option: SANE_Int,
    ) -> *const SANE_Option_Descriptor;
    pub fn sane_control_option(
        handle: SANE_Handle,
        option: SANE_Int,
        action: c_int,
        value: *mut c_void,
        info: *mut SANE_Int,
    ) -> SANE_Status;
    pub fn sane_get_parameters(handle: SANE_Handle, params: *mut SANE_Parameters) -> SANE_Status;
    pub fn sane_start(handle: SANE_Handle) -> SANE_Status;
    pub fn sane_read(
        handle: SANE_Handle,
        data: *mut u8,
        max_length: SANE_Int,
        length: *mut SANE_Int,
    ) -> SANE_Status;
    pub fn sane_cancel(handle: SANE_Handle);
    pub fn sane_strstatus(status: SANE_Status) -> *const c_char;
}
