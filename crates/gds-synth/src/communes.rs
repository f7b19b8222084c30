//! The fictional district: province, district, 17 communes (until 30 June 2025) and the six
//! merged communes of the 1 July 2025 reform, with the crosswalk between them.
//!
//! Codes have the official format — text with leading zeros: a 2-digit province (`07`), a
//! 3-digit district (`068`) and 5-digit communes numbered in steps of 3 (`02101`, `02104`, …),
//! codes no real unit holds. As in the real reform, each merged commune carries the code of
//! one of the communes it merged (`02101` is Thị trấn Minh Lâm until 30 June 2025 and Xã Minh
//! Lâm from 1 July 2025), so a code names different units before and after the reform.

/// Province code.
pub const PROVINCE_CODE: &str = "07";
/// Province name (Vietnamese).
pub const PROVINCE_VI: &str = "Tỉnh Sơn Hà (tổng hợp)";
/// Province name (English).
pub const PROVINCE_EN: &str = "Son Ha province (synthetic)";
/// District code.
pub const DISTRICT_CODE: &str = "068";
/// District name (Vietnamese).
pub const DISTRICT_VI: &str = "Huyện Minh Lâm (dữ liệu tổng hợp)";
/// District name (English).
pub const DISTRICT_EN: &str = "Minh Lam district (synthetic data)";
/// Last day of the district and of the old communes.
pub const OLD_VALID_TO: &str = "2025-06-30";
/// First day of the merged communes.
pub const REFORM_DATE: &str = "2025-07-01";

/// One commune of the district before the 2025 reform, with its true generator parameters.
#[derive(Debug, Clone, Copy)]
pub struct Commune {
    /// Official-format code (`02101`..`02149`).
    pub code: &'static str,
    /// Vietnamese name (NFC).
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Highland commune: younger age structure, earlier marriage, higher fertility, less
    /// access to skilled birth attendance.
    pub mountain: bool,
    /// Relative population size (persons are shared out in proportion).
    pub weight: f64,
    /// Share of residents living in urban parts.
    pub urban: f64,
    /// Ethnic composition (code of the ethnicity code list, share).
    pub ethnic: &'static [(&'static str, f64)],
    /// Labour force survey sampling fraction of residents aged 15+.
    pub lfs_fraction: f64,
    /// Offset of the commune's sex ratio at birth (orders 1–2) from the district level.
    pub srb_offset: f64,
    /// People's Council deputies of the 2021–2026 term.
    pub council_size: u32,
    /// Merged commune(s) from 1 July 2025, with the share of this commune going to each.
    pub successors: &'static [(&'static str, f64)],
}

impl Commune {
    /// Share of residents who are not Kinh or Hoa.
    pub fn minority_share(&self) -> f64 {
        self.ethnic.iter().filter(|(e, _)| *e != "kinh" && *e != "hoa").map(|(_, s)| s).sum()
    }
}

const KINH_PLAIN: &[(&str, f64)] = &[("kinh", 0.975), ("muong", 0.010), ("tay", 0.010), ("other", 0.005)];

/// The 17 communes (the first, `02101`, is the district town).
pub const COMMUNES: [Commune; 17] = [
    Commune {
        code: "02101",
        name_vi: "Thị trấn Minh Lâm",
        name_en: "Minh Lam township",
        mountain: false,
        weight: 16.0,
        urban: 0.88,
        ethnic: &[("kinh", 0.915), ("hoa", 0.030), ("tay", 0.035), ("nung", 0.010), ("other", 0.010)],
        lfs_fraction: 0.06,
        srb_offset: 1.0,
        council_size: 30,
        successors: &[("02101", 1.0)],
    },
    Commune {
        code: "02104",
        name_vi: "Xã Tân Phú",
        name_en: "Tan Phu commune",
        mountain: false,
        weight: 10.0,
        urban: 0.12,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.08,
        srb_offset: 3.0,
        council_size: 27,
        successors: &[("02101", 1.0)],
    },
    Commune {
        code: "02107",
        name_vi: "Xã Hòa Bình",
        name_en: "Hoa Binh commune",
        mountain: false,
        weight: 9.0,
        urban: 0.05,
        ethnic: &[("kinh", 0.950), ("muong", 0.040), ("other", 0.010)],
        lfs_fraction: 0.09,
        srb_offset: 2.0,
        council_size: 26,
        successors: &[("02107", 1.0)],
    },
    Commune {
        code: "02110",
        name_vi: "Xã Đông Sơn",
        name_en: "Dong Son commune",
        mountain: false,
        weight: 9.0,
        urban: 0.0,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.09,
        srb_offset: 4.0,
        council_size: 26,
        successors: &[("02107", 1.0)],
    },
    Commune {
        code: "02113",
        name_vi: "Xã Quỳnh Lưu",
        name_en: "Quynh Luu commune",
        mountain: false,
        weight: 8.0,
        urban: 0.0,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.10,
        srb_offset: 5.0,
        council_size: 25,
        successors: &[("02107", 0.6), ("02116", 0.4)],
    },
    Commune {
        code: "02116",
        name_vi: "Xã An Lạc",
        name_en: "An Lac commune",
        mountain: false,
        weight: 8.0,
        urban: 0.08,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.10,
        srb_offset: 1.0,
        council_size: 25,
        successors: &[("02116", 1.0)],
    },
    Commune {
        code: "02119",
        name_vi: "Xã Thanh Hà",
        name_en: "Thanh Ha commune",
        mountain: false,
        weight: 7.0,
        urban: 0.0,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.10,
        srb_offset: 0.0,
        council_size: 25,
        successors: &[("02116", 1.0)],
    },
    Commune {
        code: "02122",
        name_vi: "Xã Yên Bình",
        name_en: "Yen Binh commune",
        mountain: false,
        weight: 7.0,
        urban: 0.0,
        ethnic: &[("kinh", 0.940), ("tay", 0.040), ("nung", 0.015), ("other", 0.005)],
        lfs_fraction: 0.10,
        srb_offset: -1.0,
        council_size: 25,
        successors: &[("02122", 1.0)],
    },
    Commune {
        code: "02125",
        name_vi: "Xã Phúc Lộc",
        name_en: "Phuc Loc commune",
        mountain: false,
        weight: 6.0,
        urban: 0.0,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.11,
        srb_offset: 2.0,
        council_size: 23,
        successors: &[("02122", 1.0)],
    },
    Commune {
        code: "02128",
        name_vi: "Xã Nghĩa Hưng",
        name_en: "Nghia Hung commune",
        mountain: false,
        weight: 6.0,
        urban: 0.0,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.11,
        srb_offset: 3.0,
        council_size: 23,
        successors: &[("02122", 1.0)],
    },
    Commune {
        code: "02131",
        name_vi: "Xã Tân Lập",
        name_en: "Tan Lap commune",
        mountain: false,
        weight: 6.0,
        urban: 0.15,
        ethnic: KINH_PLAIN,
        lfs_fraction: 0.11,
        srb_offset: 0.0,
        council_size: 23,
        successors: &[("02101", 1.0)],
    },
    Commune {
        code: "02134",
        name_vi: "Xã Hồng Phong",
        name_en: "Hong Phong commune",
        mountain: false,
        weight: 5.0,
        urban: 0.0,
        ethnic: &[("kinh", 0.900), ("tay", 0.060), ("nung", 0.030), ("other", 0.010)],
        lfs_fraction: 0.12,
        srb_offset: -2.0,
        council_size: 22,
        successors: &[("02134", 1.0)],
    },
    Commune {
        code: "02137",
        name_vi: "Xã Bình Minh",
        name_en: "Binh Minh commune",
        mountain: false,
        weight: 5.0,
        urban: 0.0,
        ethnic: &[("kinh", 0.680), ("tay", 0.200), ("nung", 0.100), ("dao", 0.020)],
        lfs_fraction: 0.12,
        srb_offset: -3.0,
        council_size: 22,
        successors: &[("02134", 1.0)],
    },
    Commune {
        code: "02140",
        name_vi: "Xã Cao Sơn",
        name_en: "Cao Son commune",
        mountain: true,
        weight: 4.0,
        urban: 0.0,
        ethnic: &[("tay", 0.550), ("kinh", 0.250), ("nung", 0.120), ("dao", 0.080)],
        lfs_fraction: 0.14,
        srb_offset: -4.0,
        council_size: 21,
        successors: &[("02140", 1.0)],
    },
    Commune {
        code: "02143",
        name_vi: "Xã Bản Lầu",
        name_en: "Ban Lau commune",
        mountain: true,
        weight: 4.0,
        urban: 0.0,
        ethnic: &[("tay", 0.400), ("nung", 0.250), ("kinh", 0.200), ("dao", 0.100), ("hmong", 0.050)],
        lfs_fraction: 0.14,
        srb_offset: -4.0,
        council_size: 21,
        successors: &[("02140", 1.0)],
    },
    Commune {
        code: "02146",
        name_vi: "Xã Nậm Khánh",
        name_en: "Nam Khanh commune",
        mountain: true,
        weight: 3.0,
        urban: 0.0,
        ethnic: &[("dao", 0.550), ("tay", 0.200), ("hmong", 0.150), ("kinh", 0.100)],
        lfs_fraction: 0.15,
        srb_offset: -5.0,
        council_size: 20,
        successors: &[("02140", 1.0)],
    },
    Commune {
        code: "02149",
        name_vi: "Xã Lũng Phìn",
        name_en: "Lung Phin commune",
        mountain: true,
        weight: 3.0,
        urban: 0.0,
        ethnic: &[("hmong", 0.820), ("dao", 0.100), ("tay", 0.050), ("kinh", 0.030)],
        lfs_fraction: 0.15,
        srb_offset: -5.0,
        council_size: 20,
        successors: &[("02140", 1.0)],
    },
];

/// A merged commune of the 1 July 2025 reform.
#[derive(Debug, Clone, Copy)]
pub struct NewCommune {
    /// Code: reused from one of the communes it merged.
    pub code: &'static str,
    /// Vietnamese name.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
}

/// The six communes from 1 July 2025 (directly under the province).
pub const NEW_COMMUNES: [NewCommune; 6] = [
    NewCommune { code: "02101", name_vi: "Xã Minh Lâm", name_en: "Minh Lam commune" },
    NewCommune { code: "02107", name_vi: "Xã Hòa Đông", name_en: "Hoa Dong commune" },
    NewCommune { code: "02116", name_vi: "Xã Quỳnh An", name_en: "Quynh An commune" },
    NewCommune { code: "02122", name_vi: "Xã Thanh Phúc", name_en: "Thanh Phuc commune" },
    NewCommune { code: "02134", name_vi: "Xã Hồng Minh", name_en: "Hong Minh commune" },
    NewCommune { code: "02140", name_vi: "Xã Cao Phìn", name_en: "Cao Phin commune" },
];

/// Persons of each commune for a district total of `total` (largest remainder, so the
/// counts sum to `total` exactly).
pub fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut left = total - out.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for i in order {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

/// `areas.csv`: province, district, old communes and merged communes.
pub fn areas_csv() -> String {
    let mut s = String::from("code,name_vi,name_en,level,parent,valid_from,valid_to\n");
    s.push_str(&format!("{PROVINCE_CODE},{PROVINCE_VI},{PROVINCE_EN},province,,,\n"));
    s.push_str(&format!(
        "{DISTRICT_CODE},{DISTRICT_VI},{DISTRICT_EN},district,{PROVINCE_CODE},,{OLD_VALID_TO}\n"
    ));
    for c in &COMMUNES {
        s.push_str(&format!(
            "{},{},{},commune,{DISTRICT_CODE},,{OLD_VALID_TO}\n",
            c.code, c.name_vi, c.name_en
        ));
    }
    for c in &NEW_COMMUNES {
        s.push_str(&format!(
            "{},{},{},commune,{PROVINCE_CODE},{REFORM_DATE},\n",
            c.code, c.name_vi, c.name_en
        ));
    }
    s
}

/// `crosswalk.csv`: each old commune to its merged commune (Xã Quỳnh Lưu, `02113`, is split
/// 0.6 / 0.4).
pub fn crosswalk_csv() -> String {
    let mut s = String::from("from,to,share,date\n");
    for c in &COMMUNES {
        for (to, share) in c.successors {
            s.push_str(&format!("{},{},{},{REFORM_DATE}\n", c.code, to, share));
        }
    }
    s
}
