# ruff: noqa: E501 -- the Vietnamese text below is data; wrapping it hurts reading.
"""Vietnamese vocabularies for synthetic records: places, offices, people and petition texts.

Everything here is invented. Province names are built from common place-name syllables and never
equal the name of a real province; officials' names are random combinations of common family,
middle and given names for fictional provinces. Petitioners are never named: they get
pseudonymous labels ("Công dân thôn 3", "Nhóm hộ dân tổ dân phố 7"). No text holds a phone
number, an identity number, an e-mail address or a vehicle plate.

Templates use `str.format` fields filled by `danbiet.synth.generate`:
    {noi}   a place inside the unit (thôn Đông, tổ dân phố 7; a commune for provincial units)
    {noi2}  another place
    {don_vi} the unit in running text (xã Tân An, phường Đông Hòa, tỉnh An Lạc)
    {duong} a road               {du_an} a project          {truong} a school
    {cho}   a market              {kenh} a canal or stream   {so} a small number
    {nam}   the year              {nam_truoc} an earlier year
    {tinh}  the province's name   {so_nnmt} its Department of Agriculture and Environment
"""

from __future__ import annotations

# fmt: off

# --- places --------------------------------------------------------------------------------------

# Syllables of place names. Provinces and communes are two-syllable combinations.
FIRST_SYLLABLES = (
    "An", "Bình", "Tân", "Phú", "Long", "Hòa", "Thạnh", "Mỹ", "Đông", "Tây", "Nam", "Bắc", "Trung",
    "Thuận", "Hưng", "Phước", "Vĩnh", "Quang", "Minh", "Thanh", "Hải", "Sơn", "Yên", "Xuân", "Hồng",
    "Kim", "Ngọc", "Suối", "Cát", "Định", "Hiệp", "Lộc", "Thái", "Hợp", "Đức", "Nghĩa", "Trường",
    "Gia", "Cẩm", "Hương", "Liên", "Phong", "Thịnh", "Khánh", "Tường", "Quế", "Lâm", "Vạn", "Tiên",
    "Thủy", "Bảo", "Châu", "Diên", "Mai", "Đại", "Tam", "Hoài", "Ninh",
)
SECOND_SYLLABLES = (
    "An", "Bình", "Hòa", "Lợi", "Thạnh", "Phú", "Lạc", "Hưng", "Thịnh", "Mỹ", "Lộc", "Phước",
    "Tiến", "Hiệp", "Đông", "Tây", "Sơn", "Hải", "Thành", "Long", "Xuân", "Trung", "Nghĩa", "Đức",
    "Tân", "Yên", "Khánh", "Quang", "Minh", "Phong", "Hà", "Lâm", "Điền", "Hội", "Thuận", "Giang",
    "Châu", "Cường", "Vinh", "Ngọc", "Hồ", "Lĩnh", "Tuyền", "Dương", "Bồng", "Tịnh", "Cầu", "Khê",
    "Trạch", "Lương", "Hòe", "Mông", "Nguyên", "Quý", "Tú", "Uyên", "Vượng",
)
# Real provinces and centrally-run cities (before and after the 2025 merger): never generated.
REAL_PROVINCES = frozenset(
    {
        "An Giang", "Bà Rịa", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
        "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
        "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
        "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
        "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
        "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
        "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
        "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
        "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
        "Yên Bái", "Huế", "Hồ Chí Minh", "Bình Long", "Phước Long", "An Lạc",
    }
)
# Third words of place names, when two-syllable names run out (Tân An Thượng).
NAME_SUFFIXES = ("Thượng", "Hạ", "Trung", "Đông", "Tây", "Nam", "Bắc", "Mới")
# Places inside a commune (xã) and inside a ward (phường).
VILLAGE_NAMES = (
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tân Lập", "Gò Mây", "Bến Đò", "Hòa Mỹ",
    "Bình Lợi", "Phú Thọ", "Cầu Tre", "Đồng Chùa", "Bãi Sậy", "Xóm Mới", "Đồi Chè", "Khe Nước",
    "Rừng Thông", "Mỹ Hòa", "An Phú", "Tân Hiệp", "Trại Cau",
)
VILLAGE_KINDS = ("thôn", "thôn", "thôn", "ấp", "bản", "xóm")
WARD_KINDS = ("tổ dân phố", "tổ dân phố", "khu phố")
STREETS = (
    "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
    "Lê Duẩn", "Hùng Vương", "Nguyễn Du", "Phan Bội Châu", "Ngô Quyền", "Bà Triệu", "Lạc Long Quân",
    "Âu Cơ", "Trần Phú", "Điện Biên Phủ",
)
PROJECT_KINDS = (
    "dự án khu dân cư mới {huong} {ten}", "dự án cụm công nghiệp {ten}", "dự án mở rộng {duong}",
    "dự án hồ chứa nước {ten}", "dự án khu đô thị mới {ten}", "dự án kè chống sạt lở bờ sông {ten}",
    "dự án trường trung học cơ sở {ten}", "dự án nâng cấp {duong}",
)
DIRECTIONS = ("Bắc", "Nam", "Đông", "Tây", "Trung tâm")
SCHOOLS = (
    "Trường Tiểu học {ten}", "Trường Mầm non {ten}", "Trường Trung học cơ sở {ten}",
    "Trường Tiểu học và Trung học cơ sở {ten}",
)
STREAMS = ("kênh N{so}", "mương tiêu {ten}", "suối {ten}", "kênh Bắc {ten}", "sông {ten}")

# --- people (officials only; petitioners are never named) --------------------------------------

FAMILY_NAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "Tạ", "Hà", "Cao", "Lâm",
)
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân", "Ngọc", "Đình")
MIDDLE_FEMALE = ("Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Thùy", "Kim")
GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Minh", "Nam", "Phong", "Quân",
    "Sơn", "Tâm", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
)
GIVEN_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
    "Ngọc", "Nhung", "Phương", "Thảo", "Trang", "Vân", "Yến", "Hạnh",
)

# --- offices -------------------------------------------------------------------------------------

# (code, name, notice and report abbreviation, petition fields it handles)
DEPARTMENTS = (
    (
        "nong-nghiep-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        ("dat-dai", "giai-phong-mat-bang", "moi-truong", "nong-nghiep"),
    ),
    ("xay-dung", "Sở Xây dựng", "SXD", ("giao-thong", "dat-dai", "giai-phong-mat-bang")),
    ("y-te", "Sở Y tế", "SYT", ("y-te", "an-sinh-xa-hoi")),
    ("giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", "SGDĐT", ("giao-duc",)),
    ("noi-vu", "Sở Nội vụ", "SNV", ("viec-lam", "an-sinh-xa-hoi", "hanh-chinh")),
    ("tai-chinh", "Sở Tài chính", "STC", ("hanh-chinh", "giai-phong-mat-bang", "khac")),
    ("cong-thuong", "Sở Công Thương", "SCT", ("khac", "moi-truong", "viec-lam")),
    ("van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", ("van-hoa",)),
    ("tu-phap", "Sở Tư pháp", "STP", ("hanh-chinh", "khieu-nai-to-cao")),
    ("khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", "SKHCN", ("hanh-chinh", "khac")),
    ("dan-toc-ton-giao", "Sở Dân tộc và Tôn giáo", "SDTTG", ("an-sinh-xa-hoi", "van-hoa")),
)
# Which provincial department a petition of each field goes to (when the province has it).
PROVINCE_FIELD_DEPARTMENT = {
    "dat-dai": "nong-nghiep-moi-truong",
    "giai-phong-mat-bang": "nong-nghiep-moi-truong",
    "moi-truong": "nong-nghiep-moi-truong",
    "nong-nghiep": "nong-nghiep-moi-truong",
    "giao-thong": "xay-dung",
    "y-te": "y-te",
    "an-sinh-xa-hoi": "noi-vu",
    "viec-lam": "noi-vu",
    "hanh-chinh": "noi-vu",
    "giao-duc": "giao-duc-dao-tao",
    "van-hoa": "van-hoa-the-thao-du-lich",
    "khac": "tai-chinh",
}
# Commune agencies: (id prefix, name in a xã, name in a phường, fields they handle)
COMMUNE_AGENCIES = (
    (
        "van-phong-hdnd-ubnd",
        "Văn phòng HĐND và UBND",
        "Văn phòng HĐND và UBND",
        ("khieu-nai-to-cao", "khac"),
    ),
    (
        "phong-kinh-te",
        "Phòng Kinh tế",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        ("dat-dai", "giai-phong-mat-bang", "moi-truong", "giao-thong", "nong-nghiep"),
    ),
    (
        "phong-van-hoa-xa-hoi",
        "Phòng Văn hóa - Xã hội",
        "Phòng Văn hóa - Xã hội",
        ("an-sinh-xa-hoi", "viec-lam", "y-te", "giao-duc", "van-hoa"),
    ),
    (
        "trung-tam-phuc-vu-hcc",
        "Trung tâm Phục vụ hành chính công",
        "Trung tâm Phục vụ hành chính công",
        ("hanh-chinh",),
    ),
    ("cong-an", "Công an", "Công an", ("an-ninh-trat-tu",)),
)
# Document-number abbreviations of commune agencies (Công văn số 12/UBND-KT ...).
AGENCY_ABBREVIATIONS = {
    "van-phong-hdnd-ubnd": "VP",
    "phong-kinh-te": "KT",
    "phong-van-hoa-xa-hoi": "VHXH",
    "trung-tam-phuc-vu-hcc": "TTHCC",
    "cong-an": "CAX",
}

# --- petitions -----------------------------------------------------------------------------------

FIELDS = (
    "dat-dai", "giai-phong-mat-bang", "moi-truong", "an-sinh-xa-hoi", "viec-lam", "y-te",
    "giao-duc", "giao-thong", "nong-nghiep", "khieu-nai-to-cao", "hanh-chinh", "an-ninh-trat-tu",
    "van-hoa", "khac",
)
FIELD_WEIGHTS = {
    "dat-dai": 12,
    "giai-phong-mat-bang": 6,
    "moi-truong": 10,
    "an-sinh-xa-hoi": 9,
    "viec-lam": 5,
    "y-te": 6,
    "giao-duc": 6,
    "giao-thong": 12,
    "nong-nghiep": 7,
    "khieu-nai-to-cao": 4,
    "hanh-chinh": 8,
    "an-ninh-trat-tu": 6,
    "van-hoa": 6,
    "khac": 4,
}
FIELD_NAMES = {
    "dat-dai": "đất đai",
    "giai-phong-mat-bang": "bồi thường, giải phóng mặt bằng",
    "moi-truong": "môi trường",
    "an-sinh-xa-hoi": "an sinh xã hội",
    "viec-lam": "việc làm",
    "y-te": "y tế",
    "giao-duc": "giáo dục",
    "giao-thong": "giao thông, hạ tầng",
    "nong-nghiep": "nông nghiệp",
    "khieu-nai-to-cao": "khiếu nại, tố cáo",
    "hanh-chinh": "thủ tục hành chính",
    "an-ninh-trat-tu": "an ninh, trật tự",
    "van-hoa": "văn hóa, xã hội",
    "khac": "các vấn đề khác",
}
# Topics of thematic dialogues (chuyên đề), by field.
THEMES = {
    "dat-dai": (
        "công tác quản lý đất đai, cấp Giấy chứng nhận quyền sử dụng đất",
        "công khai quy hoạch, kế hoạch sử dụng đất năm {nam}",
    ),
    "giai-phong-mat-bang": (
        "bồi thường, hỗ trợ, tái định cư {du_an}",
        "tiến độ giải phóng mặt bằng {du_an}",
    ),
    "moi-truong": (
        "bảo vệ môi trường, thu gom và xử lý rác thải sinh hoạt",
        "ô nhiễm môi trường tại các cơ sở sản xuất trên địa bàn",
    ),
    "an-sinh-xa-hoi": (
        "thực hiện chính sách an sinh xã hội, hỗ trợ hộ nghèo, hộ cận nghèo",
        "chính sách đối với người có công và người cao tuổi",
    ),
    "viec-lam": ("giải quyết việc làm, đào tạo nghề cho lao động nông thôn",),
    "y-te": ("chăm sóc sức khỏe ban đầu, bảo hiểm y tế hộ gia đình",),
    "giao-duc": ("cơ sở vật chất trường học và các khoản thu đầu năm học",),
    "giao-thong": (
        "đầu tư, sửa chữa hạ tầng giao thông nông thôn",
        "an toàn giao thông trên {duong}",
    ),
    "nong-nghiep": (
        "chuyển đổi cơ cấu cây trồng, vật nuôi và tiêu thụ nông sản",
        "thủy lợi phục vụ sản xuất vụ Đông Xuân {nam}",
    ),
    "khieu-nai-to-cao": ("giải quyết khiếu nại, kiến nghị kéo dài trên địa bàn",),
    "hanh-chinh": ("cải cách thủ tục hành chính, chuyển đổi số trong giải quyết hồ sơ",),
    "an-ninh-trat-tu": ("an ninh trật tự, phòng chống ma túy ở khu dân cư",),
    "van-hoa": ("xây dựng đời sống văn hóa, thiết chế văn hóa ở thôn, tổ dân phố",),
    "khac": ("hoạt động của chính quyền địa phương hai cấp",),
}
# Events behind ad-hoc dialogues (đột xuất) and the field they bring up.
URGENT_EVENTS = (
    ("khắc phục hậu quả mưa lũ", "giao-thong"),
    ("sạt lở bờ sông {kenh}", "moi-truong"),
    ("ô nhiễm mùi từ cơ sở chăn nuôi tập trung gần khu dân cư {noi}", "moi-truong"),
    ("phản ánh của người dân về việc thu hồi đất {du_an}", "giai-phong-mat-bang"),
    ("tình trạng thiếu nước sinh hoạt mùa khô", "an-sinh-xa-hoi"),
    ("dịch bệnh trên đàn gia súc, gia cầm", "nong-nghiep"),
    ("sự cố vỡ đường ống cấp nước sạch", "khac"),
)
# What petitions raise, by field: (summary, answer given at the conference or in writing, what
# the agency reports when it is resolved). The three share their template fields.
ISSUES = {
    "dat-dai": (
        ("Đề nghị đẩy nhanh việc cấp Giấy chứng nhận quyền sử dụng đất cho các hộ tại {noi} đã nộp hồ sơ từ năm {nam_truoc}.",
         "Các hồ sơ đủ điều kiện sẽ được thẩm định và cấp Giấy chứng nhận trong quý này; hồ sơ còn thiếu giấy tờ sẽ được hướng dẫn bổ sung.",
         "Đã cấp Giấy chứng nhận cho các hộ đủ điều kiện tại {noi}; các hồ sơ còn thiếu đã được hướng dẫn bổ sung bằng văn bản."),
        ("Phản ánh diện tích ghi trên Giấy chứng nhận đã cấp của nhiều hộ {noi} chênh lệch so với kết quả đo đạc bản đồ địa chính mới, đề nghị chỉnh lý.",
         "Trường hợp ranh giới thửa đất không thay đổi, người sử dụng đất được cấp đổi Giấy chứng nhận theo số liệu đo đạc mới; hồ sơ nộp tại Trung tâm Phục vụ hành chính công.",
         "Đã hoàn thành chỉnh lý hồ sơ địa chính và cấp đổi Giấy chứng nhận theo số liệu đo đạc mới cho các hộ {noi}."),
        ("Đề nghị công khai quy hoạch sử dụng đất và danh mục các khu đất dự kiến đấu giá quyền sử dụng đất tại {noi}.",
         "Quy hoạch, kế hoạch sử dụng đất đã được niêm yết tại trụ sở UBND và nhà văn hóa các thôn, tổ dân phố; người dân có thể tra cứu trên cổng thông tin điện tử.",
         "Đã niêm yết công khai quy hoạch, kế hoạch sử dụng đất và danh mục khu đất đấu giá tại trụ sở, nhà văn hóa {noi} và trên cổng thông tin điện tử."),
        ("Kiến nghị cho phép chuyển mục đích sử dụng đất vườn liền kề sang đất ở cho các hộ có nhu cầu tách hộ ở {noi}.",
         "Việc chuyển mục đích sử dụng đất được xem xét theo kế hoạch sử dụng đất hằng năm đã được phê duyệt; các hộ nộp hồ sơ theo hướng dẫn của bộ phận một cửa.",
         "Đã rà soát, đưa nhu cầu chuyển mục đích sử dụng đất của các hộ {noi} vào kế hoạch sử dụng đất năm sau và hướng dẫn các hộ lập hồ sơ."),
        ("Đề nghị giải quyết dứt điểm tranh chấp ranh giới đất giữa hai hộ gia đình ở {noi} đã kéo dài nhiều năm.",
         "Tranh chấp đất đai phải được hòa giải tại UBND cấp xã; nếu hòa giải không thành, các bên được hướng dẫn gửi đơn đến cơ quan có thẩm quyền theo Luật Đất đai.",
         "Đã tổ chức hòa giải tại cơ sở; hai hộ thống nhất ranh giới, ký biên bản và cắm mốc tại thực địa."),
        ("Phản ánh một số hộ lấn chiếm đất hành lang {duong} đoạn qua {noi} để dựng lều quán, đề nghị kiểm tra, xử lý.",
         "UBND sẽ kiểm tra hiện trường, yêu cầu các hộ vi phạm tự tháo dỡ công trình trong thời hạn quy định.",
         "Đã kiểm tra hiện trường, lập biên bản; các hộ đã tự tháo dỡ lều quán, trả lại mặt bằng hành lang {duong}."),
        ("Đề nghị hướng dẫn thủ tục cấp đổi Giấy chứng nhận quyền sử dụng đất bị rách, mờ cho các hộ {noi}.",
         "Hồ sơ cấp đổi gồm đơn đề nghị và bản gốc Giấy chứng nhận; bộ phận một cửa sẽ hướng dẫn trực tiếp tại {noi}.",
         "Đã tổ chức hướng dẫn tại nhà văn hóa {noi} và tiếp nhận hồ sơ cấp đổi của các hộ có nhu cầu."),
        ("Đề nghị làm rõ việc sử dụng quỹ đất công ích {so} ha tại {noi} đang cho thuê không đúng mục đích.",
         "UBND sẽ rà soát toàn bộ hợp đồng cho thuê đất công ích và công khai kết quả tại thôn, tổ dân phố.",
         "Đã rà soát, chấm dứt các hợp đồng cho thuê đất công ích không đúng mục đích và công khai kết quả tại {noi}."),
    ),
    "giai-phong-mat-bang": (
        ("Đề nghị công khai đơn giá bồi thường đất nông nghiệp và tài sản trên đất của {du_an}; người dân {noi} cho rằng đơn giá thấp hơn giá chuyển nhượng thực tế.",
         "Đơn giá bồi thường được áp dụng theo bảng giá đất và hệ số điều chỉnh do UBND tỉnh ban hành; phương án bồi thường được niêm yết công khai trước khi phê duyệt.",
         "Đã niêm yết công khai phương án bồi thường, bảng giá đất cụ thể và tổ chức họp giải thích cho các hộ {noi}; điều chỉnh đơn giá cây trồng theo kết quả kiểm đếm bổ sung."),
        ("Đề nghị sớm chi trả tiền hỗ trợ chuyển đổi nghề và tìm kiếm việc làm cho {so} hộ {noi} bị thu hồi đất nông nghiệp thuộc {du_an}.",
         "Kinh phí hỗ trợ đã được bố trí; tổ chức làm nhiệm vụ bồi thường sẽ chi trả sau khi hoàn tất thẩm định hồ sơ từng hộ.",
         "Đã chi trả đầy đủ tiền hỗ trợ chuyển đổi nghề và tìm kiếm việc làm cho các hộ {noi} đủ điều kiện."),
        ("Kiến nghị thu hồi luôn phần đất nông nghiệp còn lại quá nhỏ, không thể canh tác của các hộ {noi} sau khi bị thu hồi đất cho {du_an}.",
         "Phần diện tích còn lại nhỏ hơn diện tích tối thiểu được xem xét thu hồi bổ sung nếu người sử dụng đất có đề nghị.",
         "Đã phê duyệt phương án thu hồi bổ sung phần diện tích còn lại của các hộ có đề nghị và chi trả bồi thường."),
        ("Đề nghị sớm bố trí đất tái định cư cho {so} hộ {noi} đã bàn giao mặt bằng {du_an}.",
         "Khu tái định cư đang hoàn thiện hạ tầng; việc bốc thăm giao đất tái định cư sẽ được tổ chức ngay khi nghiệm thu.",
         "Đã tổ chức bốc thăm, giao đất tái định cư cho các hộ {noi} đã bàn giao mặt bằng."),
        ("Phản ánh việc kiểm đếm cây trồng, vật kiến trúc của một số hộ {noi} thuộc {du_an} chưa đầy đủ, đề nghị kiểm đếm lại.",
         "Tổ chức làm nhiệm vụ bồi thường sẽ phối hợp với thôn kiểm đếm lại những trường hợp có ý kiến.",
         "Đã kiểm đếm bổ sung, điều chỉnh phương án bồi thường cho các hộ {noi} có ý kiến."),
        ("Đề nghị xem xét hỗ trợ tiền thuê nhà cho các hộ {noi} đã bàn giao mặt bằng nhưng chưa được nhận đất tái định cư.",
         "Các hộ đã bàn giao mặt bằng trong thời gian chờ tái định cư được hỗ trợ tiền thuê nhà theo quy định của UBND tỉnh.",
         "Đã chi trả tiền hỗ trợ thuê nhà cho các hộ {noi} trong thời gian chờ nhận đất tái định cư."),
    ),
    "moi-truong": (
        ("Phản ánh cơ sở chăn nuôi lợn gần khu dân cư {noi} gây ô nhiễm mùi và nước thải, đề nghị kiểm tra, xử lý.",
         "UBND sẽ phối hợp cơ quan chuyên môn kiểm tra, lấy mẫu nước thải và xử lý nghiêm nếu vi phạm.",
         "Đã kiểm tra, xử phạt vi phạm hành chính và yêu cầu cơ sở chăn nuôi cải tạo hệ thống xử lý chất thải; mùi hôi đã giảm rõ rệt."),
        ("Đề nghị tăng tần suất thu gom rác thải sinh hoạt tại {noi}, hiện rác tồn đọng nhiều ngày gây mất vệ sinh.",
         "Lịch thu gom rác thải sẽ được điều chỉnh tăng lên 3 lần mỗi tuần kể từ tháng sau; đề nghị các hộ phân loại rác tại nguồn.",
         "Đã tăng tần suất thu gom rác thải lên 3 lần mỗi tuần tại {noi} và công bố lịch thu gom."),
        ("Phản ánh tình trạng đổ trộm phế thải xây dựng dọc {duong} đoạn qua {noi}.",
         "UBND sẽ bố trí lực lượng kiểm tra, xử lý nghiêm các trường hợp đổ phế thải không đúng nơi quy định.",
         "Đã thu dọn phế thải, lắp biển cấm và camera giám sát dọc {duong}; xử phạt các trường hợp vi phạm."),
        ("Đề nghị nạo vét {kenh} đoạn qua {noi} bị bồi lắng, ách tắc gây ngập úng khi mưa lớn.",
         "Việc nạo vét {kenh} đã được đưa vào kế hoạch thủy lợi năm nay, thực hiện trước mùa mưa.",
         "Đã nạo vét, khơi thông {kenh} đoạn qua {noi}; dòng chảy thông suốt."),
        ("Phản ánh một xưởng sản xuất gạch tại {noi} gây bụi và khói, ảnh hưởng sức khỏe người dân xung quanh.",
         "Cơ quan chuyên môn sẽ kiểm tra hồ sơ môi trường của cơ sở và quan trắc chất lượng không khí khu vực.",
         "Đã kiểm tra, yêu cầu cơ sở lắp đặt hệ thống xử lý khói bụi; cơ sở đã hoàn thành lắp đặt."),
        ("Đề nghị lắp đặt thêm thùng rác công cộng và biển cấm đổ rác tại khu vực {cho}.",
         "UBND sẽ bố trí thêm thùng rác và biển cấm tại khu vực chợ trong tháng này.",
         "Đã lắp đặt thêm thùng rác công cộng và biển cấm đổ rác tại {cho}."),
        ("Phản ánh nước thải từ khu chế biến nông sản chảy ra {kenh}, đề nghị kiểm tra hệ thống xử lý nước thải.",
         "Đoàn kiểm tra liên ngành sẽ kiểm tra hệ thống xử lý nước thải của các cơ sở chế biến trên địa bàn.",
         "Đã kiểm tra, yêu cầu các cơ sở khắc phục hệ thống xử lý nước thải; kết quả quan trắc sau khắc phục đạt quy chuẩn."),
    ),
    "an-sinh-xa-hoi": (
        ("Đề nghị rà soát, xem xét đưa một số hộ có hoàn cảnh khó khăn ở {noi} vào danh sách hộ cận nghèo năm {nam}.",
         "Việc rà soát hộ nghèo, hộ cận nghèo được thực hiện công khai hằng năm tại thôn, tổ dân phố; các hộ có đề nghị sẽ được đưa vào danh sách rà soát kỳ tới.",
         "Đã rà soát, công nhận bổ sung các hộ đủ điều kiện ở {noi} vào danh sách hộ cận nghèo."),
        ("Đề nghị chi trả kịp thời trợ cấp xã hội hằng tháng cho người cao tuổi, người khuyết tật tại {noi}.",
         "Trợ cấp xã hội được chi trả qua tài khoản hoặc bưu điện trước ngày 10 hằng tháng; trường hợp chậm chi trả sẽ được kiểm tra, khắc phục ngay.",
         "Đã chi trả đầy đủ trợ cấp xã hội còn chậm và thống nhất lịch chi trả trước ngày 10 hằng tháng."),
        ("Đề nghị hỗ trợ sửa chữa nhà ở cho {so} hộ nghèo ở {noi} có nhà xuống cấp nghiêm trọng.",
         "Các hộ sẽ được xem xét hỗ trợ từ chương trình xóa nhà tạm, nhà dột nát và Quỹ Vì người nghèo.",
         "Đã hỗ trợ kinh phí sửa chữa nhà ở cho các hộ nghèo ở {noi}; các hộ đã hoàn thành sửa chữa."),
        ("Đề nghị xem xét hồ sơ hưởng chế độ người có công của một số gia đình ở {noi} đã nộp từ lâu chưa có kết quả.",
         "Các hồ sơ đã được chuyển cơ quan có thẩm quyền thẩm định; kết quả sẽ được thông báo bằng văn bản.",
         "Đã hoàn thiện hồ sơ và chuyển cơ quan có thẩm quyền quyết định; các gia đình đã được thông báo kết quả."),
        ("Đề nghị hỗ trợ kinh phí mua bảo hiểm y tế cho các hộ cận nghèo và hộ làm nông, lâm nghiệp có mức sống trung bình ở {noi}.",
         "Các hộ thuộc diện được ngân sách hỗ trợ một phần mức đóng bảo hiểm y tế theo quy định; danh sách được lập tại thôn.",
         "Đã lập danh sách và cấp thẻ bảo hiểm y tế có hỗ trợ mức đóng cho các hộ đủ điều kiện ở {noi}."),
        ("Đề nghị công khai danh sách và mức hỗ trợ các hộ bị thiệt hại do thiên tai tại {noi}.",
         "Danh sách và mức hỗ trợ sẽ được niêm yết tại nhà văn hóa thôn và trụ sở UBND trong tuần tới.",
         "Đã niêm yết công khai danh sách, mức hỗ trợ và chi trả cho các hộ bị thiệt hại ở {noi}."),
    ),
    "viec-lam": (
        ("Đề nghị ưu tiên tuyển dụng lao động {noi} có đất bị thu hồi vào làm việc tại các doanh nghiệp trong {du_an}.",
         "Các doanh nghiệp đã cam kết ưu tiên tuyển dụng lao động địa phương; thông tin tuyển dụng được thông báo qua loa truyền thanh và nhà văn hóa thôn.",
         "Đã tổ chức phiên giao dịch việc làm tại {noi}; các doanh nghiệp đã tuyển dụng lao động có đất bị thu hồi."),
        ("Đề nghị mở lớp đào tạo nghề ngắn hạn cho lao động nông thôn {noi}, nhất là lao động nữ trên 35 tuổi.",
         "Lớp đào tạo nghề ngắn hạn sẽ được mở trong quý tới theo nhu cầu đăng ký của người lao động.",
         "Đã mở lớp đào tạo nghề may công nghiệp và chế biến thực phẩm cho lao động {noi}."),
        ("Đề nghị cung cấp thông tin thị trường lao động và các chương trình đi làm việc ở nước ngoài theo hợp đồng cho thanh niên {noi}.",
         "Thông tin về các chương trình hợp pháp được đăng trên cổng thông tin điện tử và niêm yết tại trụ sở UBND.",
         "Đã tổ chức buổi tư vấn việc làm và đi làm việc ở nước ngoài theo hợp đồng cho thanh niên {noi}."),
        ("Phản ánh một số doanh nghiệp trên địa bàn chậm trả lương, chưa đóng bảo hiểm xã hội cho người lao động, đề nghị kiểm tra.",
         "Cơ quan chuyên môn sẽ phối hợp kiểm tra việc chấp hành pháp luật lao động của các doanh nghiệp được phản ánh.",
         "Đã kiểm tra, yêu cầu các doanh nghiệp trả đủ lương và đóng bảo hiểm xã hội còn nợ cho người lao động."),
        ("Đề nghị hỗ trợ vay vốn ưu đãi giải quyết việc làm cho các hộ {noi} muốn mở rộng sản xuất.",
         "Các hộ có nhu cầu lập hồ sơ vay qua tổ tiết kiệm và vay vốn tại thôn để Ngân hàng Chính sách xã hội xem xét.",
         "Đã giải ngân vốn vay ưu đãi giải quyết việc làm cho các hộ {noi} đủ điều kiện."),
    ),
    "y-te": (
        ("Đề nghị bố trí thêm bác sĩ và thuốc thiết yếu cho Trạm Y tế {don_vi}.",
         "Trạm Y tế đã được bổ sung thuốc thiết yếu; việc bố trí thêm bác sĩ đang được thực hiện theo kế hoạch tuyển dụng của ngành.",
         "Đã bổ sung thuốc thiết yếu và bố trí thêm một bác sĩ làm việc tại Trạm Y tế {don_vi}."),
        ("Đề nghị sửa chữa, nâng cấp cơ sở vật chất Trạm Y tế {don_vi} đã xuống cấp.",
         "Kinh phí sửa chữa Trạm Y tế đã được đưa vào kế hoạch đầu tư công năm tới.",
         "Đã sửa chữa, nâng cấp Trạm Y tế {don_vi} và đưa vào sử dụng."),
        ("Đề nghị tăng cường phun hóa chất phòng chống sốt xuất huyết tại {noi}, nơi có nhiều ca mắc trong thời gian qua.",
         "Đợt phun hóa chất phòng chống sốt xuất huyết sẽ được tổ chức trong tháng này tại các khu vực có ca mắc.",
         "Đã tổ chức phun hóa chất và chiến dịch diệt lăng quăng tại {noi}; số ca mắc đã giảm."),
        ("Phản ánh một số cơ sở kinh doanh thực phẩm tại {cho} không bảo đảm vệ sinh an toàn thực phẩm.",
         "Đoàn kiểm tra liên ngành sẽ kiểm tra an toàn thực phẩm tại chợ trong tháng này.",
         "Đã kiểm tra, xử lý các cơ sở vi phạm an toàn thực phẩm tại {cho}."),
        ("Đề nghị tổ chức khám sức khỏe định kỳ miễn phí cho người cao tuổi tại {noi}.",
         "Trạm Y tế sẽ phối hợp Hội Người cao tuổi tổ chức khám sức khỏe định kỳ trong quý tới.",
         "Đã tổ chức khám sức khỏe miễn phí cho người cao tuổi tại {noi}."),
        ("Phản ánh thủ tục khám chữa bệnh bảo hiểm y tế tuyến cơ sở còn rườm rà, thời gian chờ lâu.",
         "Cơ sở khám chữa bệnh đã áp dụng đặt lịch khám và dùng định danh điện tử thay thẻ bảo hiểm y tế giấy.",
         "Đã điều chỉnh quy trình tiếp đón, bố trí thêm bàn tiếp nhận; thời gian chờ khám đã giảm."),
    ),
    "giao-duc": (
        ("Đề nghị sửa chữa các phòng học xuống cấp của {truong} trước năm học mới.",
         "Kinh phí sửa chữa phòng học đã được bố trí trong kế hoạch năm; việc sửa chữa hoàn thành trước khi khai giảng.",
         "Đã sửa chữa xong các phòng học của {truong} và bàn giao cho nhà trường đưa vào sử dụng."),
        ("Đề nghị công khai các khoản thu đầu năm học tại {truong}; phụ huynh cho rằng một số khoản thu chưa đúng quy định.",
         "Các khoản thu đầu năm học được thực hiện theo hướng dẫn của ngành giáo dục và đã niêm yết công khai tại trường; khoản thu không đúng quy định sẽ được hoàn trả.",
         "Đã rà soát các khoản thu tại {truong}, hoàn trả các khoản thu không đúng quy định cho phụ huynh."),
        ("Đề nghị bố trí thêm giáo viên tiếng Anh và tin học cho {truong}.",
         "Ngành giáo dục sẽ điều động giáo viên dạy liên trường trong khi chờ tuyển dụng bổ sung.",
         "Đã bố trí giáo viên tiếng Anh và tin học dạy liên trường cho {truong}."),
        ("Đề nghị xây dựng nhà vệ sinh và công trình nước sạch cho điểm trường {noi}.",
         "Công trình đã có trong danh mục đầu tư năm nay từ nguồn chương trình mục tiêu quốc gia.",
         "Đã hoàn thành xây dựng nhà vệ sinh và công trình nước sạch cho điểm trường {noi}."),
        ("Đề nghị lắp đặt biển báo, gờ giảm tốc trước cổng {truong} để bảo đảm an toàn cho học sinh.",
         "Biển báo và gờ giảm tốc sẽ được lắp đặt trước khai giảng năm học mới.",
         "Đã lắp đặt biển báo và gờ giảm tốc trước cổng {truong}."),
    ),
    "giao-thong": (
        ("Đề nghị sửa chữa {duong} đoạn qua {noi} bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông.",
         "Tuyến đường đã có trong danh mục duy tu, sửa chữa năm nay; dự kiến khởi công trong quý tới.",
         "Đã hoàn thành sửa chữa, thảm lại mặt đường {duong} đoạn qua {noi}."),
        ("Đề nghị lắp đặt hệ thống đèn chiếu sáng công cộng trên {duong} đoạn qua {noi}.",
         "Việc lắp đặt đèn chiếu sáng được thực hiện theo phương thức Nhà nước hỗ trợ vật tư, Nhân dân đóng góp ngày công.",
         "Đã lắp đặt hệ thống đèn chiếu sáng trên {duong} đoạn qua {noi} và đưa vào sử dụng."),
        ("Đề nghị đầu tư cứng hóa đường giao thông nội đồng {noi} để thuận tiện vận chuyển nông sản.",
         "Tuyến đường nội đồng sẽ được xem xét đầu tư theo chương trình xây dựng nông thôn mới giai đoạn tới.",
         "Đã cứng hóa tuyến đường giao thông nội đồng {noi}."),
        ("Đề nghị xây dựng cầu dân sinh qua {kenh} thay cho cầu tạm đã hư hỏng, nối {noi} với {noi2}.",
         "Cầu dân sinh đã được đưa vào danh mục đầu tư; trước mắt sẽ gia cố cầu tạm và cắm biển hạn chế tải trọng.",
         "Đã gia cố cầu tạm, cắm biển hạn chế tải trọng và hoàn thành hồ sơ chuẩn bị đầu tư cầu dân sinh qua {kenh}."),
        ("Phản ánh xe tải trọng lớn chở vật liệu xây dựng thường xuyên chạy qua {duong} làm hư hỏng mặt đường, đề nghị kiểm soát tải trọng.",
         "Lực lượng chức năng sẽ tăng cường kiểm tra tải trọng xe; biển hạn chế tải trọng sẽ được lắp đặt.",
         "Đã lắp biển hạn chế tải trọng trên {duong}, tổ chức kiểm tra và xử lý các xe vi phạm."),
        ("Đề nghị nạo vét rãnh thoát nước dọc {duong} đoạn qua {noi}, thường xuyên ngập khi mưa lớn.",
         "UBND sẽ tổ chức nạo vét rãnh thoát nước trước mùa mưa.",
         "Đã nạo vét rãnh thoát nước dọc {duong} đoạn qua {noi}; không còn ngập khi mưa lớn."),
        ("Đề nghị bố trí kinh phí mở rộng đường ngõ xóm tại {noi} theo phương thức Nhà nước và Nhân dân cùng làm.",
         "UBND hỗ trợ xi măng, các hộ đóng góp ngày công và hiến đất; thôn lập danh sách đăng ký.",
         "Đã hỗ trợ xi măng và hoàn thành mở rộng đường ngõ xóm tại {noi}."),
    ),
    "nong-nghiep": (
        ("Đề nghị cung ứng kịp thời giống lúa và phân bón hỗ trợ cho vụ Đông Xuân tại {noi}.",
         "Giống lúa hỗ trợ sẽ được cấp trước thời vụ gieo cấy; danh sách hộ được hỗ trợ niêm yết tại nhà văn hóa thôn.",
         "Đã cấp giống lúa và phân bón hỗ trợ cho các hộ {noi} trước thời vụ."),
        ("Đề nghị sửa chữa trạm bơm và kênh mương nội đồng {noi} để bảo đảm nước tưới cho vụ mùa.",
         "Trạm bơm sẽ được sửa chữa bằng nguồn kinh phí thủy lợi phí cấp bù trước vụ mùa.",
         "Đã sửa chữa trạm bơm, nạo vét kênh mương nội đồng {noi}; bảo đảm nước tưới."),
        ("Đề nghị hỗ trợ tìm đầu ra ổn định cho sản phẩm cây ăn quả của các hộ {noi}.",
         "UBND sẽ kết nối các hợp tác xã và doanh nghiệp tiêu thụ, hỗ trợ đưa sản phẩm lên sàn thương mại điện tử.",
         "Đã kết nối doanh nghiệp ký hợp đồng bao tiêu sản phẩm cây ăn quả với các hộ {noi}."),
        ("Đề nghị hướng dẫn kỹ thuật phòng trừ sâu bệnh hại cây trồng và tổ chức tiêm phòng cho đàn gia súc tại {noi}.",
         "Cán bộ khuyến nông sẽ hướng dẫn kỹ thuật tại đồng ruộng; lịch tiêm phòng gia súc được thông báo trên loa truyền thanh.",
         "Đã tổ chức tập huấn kỹ thuật và tiêm phòng cho đàn gia súc tại {noi}."),
        ("Đề nghị xem xét hỗ trợ các hộ nuôi trồng thủy sản {noi} bị thiệt hại do thời tiết bất thường.",
         "Các hộ bị thiệt hại được lập hồ sơ đề nghị hỗ trợ theo chính sách khắc phục thiệt hại do thiên tai.",
         "Đã chi trả hỗ trợ cho các hộ nuôi trồng thủy sản {noi} bị thiệt hại."),
        ("Đề nghị hỗ trợ thành lập tổ hợp tác sản xuất rau an toàn tại {noi}.",
         "UBND sẽ hướng dẫn thủ tục thành lập tổ hợp tác và hỗ trợ chứng nhận sản xuất an toàn.",
         "Đã thành lập tổ hợp tác sản xuất rau an toàn tại {noi} và hỗ trợ chứng nhận."),
    ),
    "khieu-nai-to-cao": (
        ("Đề nghị xem xét lại kết quả giải quyết đơn kiến nghị về việc xác định nguồn gốc đất của một hộ dân {noi}.",
         "Nội dung đã được giải quyết bằng quyết định có hiệu lực; nếu chưa đồng ý, người dân có quyền khởi kiện theo quy định của pháp luật.",
         "Đã rà soát lại hồ sơ, ban hành văn bản trả lời và hướng dẫn quyền khởi kiện theo quy định."),
        ("Đề nghị thông báo kết quả giải quyết đơn phản ánh về việc quản lý, sử dụng kinh phí xây dựng nhà văn hóa {noi}.",
         "Kết quả kiểm tra sẽ được thông báo công khai tại hội nghị thôn.",
         "Đã công khai kết quả kiểm tra kinh phí xây dựng nhà văn hóa tại hội nghị {noi}."),
        ("Đề nghị thanh tra việc thu, chi các khoản đóng góp tự nguyện của Nhân dân tại {noi}.",
         "Ban Thanh tra nhân dân sẽ phối hợp kiểm tra và báo cáo kết quả trong tháng tới.",
         "Đã kiểm tra việc thu, chi các khoản đóng góp tại {noi} và công khai kết quả."),
        ("Đề nghị trả lời bằng văn bản đơn kiến nghị của một nhóm hộ dân {noi} gửi từ quý trước.",
         "Văn phòng sẽ rà soát và trả lời bằng văn bản trong thời hạn luật định.",
         "Đã ban hành văn bản trả lời đơn kiến nghị của nhóm hộ dân {noi}."),
    ),
    "hanh-chinh": (
        ("Đề nghị rút ngắn thời gian giải quyết hồ sơ đăng ký biến động đất đai tại Trung tâm Phục vụ hành chính công.",
         "Trung tâm đã áp dụng tiếp nhận hồ sơ trực tuyến và liên thông với cơ quan thuế để rút ngắn thời gian.",
         "Đã rà soát quy trình, rút ngắn thời gian giải quyết hồ sơ đăng ký biến động còn 7 ngày làm việc."),
        ("Đề nghị hướng dẫn người cao tuổi {noi} thực hiện dịch vụ công trực tuyến và cài đặt định danh điện tử.",
         "Tổ công nghệ số cộng đồng sẽ hỗ trợ trực tiếp tại nhà văn hóa thôn theo lịch thông báo.",
         "Đã tổ chức hỗ trợ người cao tuổi {noi} cài đặt định danh điện tử và sử dụng dịch vụ công trực tuyến."),
        ("Phản ánh việc bố trí chỗ ngồi chờ tại bộ phận một cửa còn chật, đề nghị cải thiện điều kiện phục vụ.",
         "Bộ phận một cửa sẽ được bố trí lại và bổ sung ghế chờ, máy lấy số thứ tự.",
         "Đã cải tạo khu chờ, bổ sung ghế và máy lấy số thứ tự tại bộ phận một cửa."),
        ("Đề nghị công khai đầy đủ thủ tục, phí, lệ phí tại bộ phận tiếp nhận và trả kết quả.",
         "Toàn bộ thủ tục, phí, lệ phí đã được niêm yết tại bộ phận một cửa và trên Cổng dịch vụ công; cán bộ sẽ hỗ trợ người dân nộp hồ sơ trực tuyến.",
         "Đã niêm yết đầy đủ thủ tục, phí, lệ phí và mã QR tra cứu tại bộ phận một cửa."),
        ("Đề nghị giải quyết dứt điểm các hồ sơ chứng thực, đăng ký hộ tịch bị trễ hẹn sau khi sắp xếp đơn vị hành chính.",
         "Các hồ sơ trễ hẹn sẽ được giải quyết dứt điểm trong tháng; bộ phận một cửa có văn bản xin lỗi người dân theo quy định.",
         "Đã giải quyết xong các hồ sơ trễ hẹn và gửi văn bản xin lỗi người dân theo quy định."),
    ),
    "an-ninh-trat-tu": (
        ("Phản ánh tình trạng thanh thiếu niên tụ tập, chạy xe lạng lách vào ban đêm trên {duong}, đề nghị tăng cường tuần tra.",
         "Công an đã tăng cường tuần tra vào ban đêm tại các tuyến đường được phản ánh; đề nghị người dân tiếp tục cung cấp thông tin.",
         "Đã tăng cường tuần tra, xử lý các trường hợp vi phạm trên {duong}; tình hình đã ổn định."),
        ("Đề nghị lắp đặt camera an ninh tại các tuyến đường chính của {noi}.",
         "Việc lắp đặt camera an ninh được thực hiện theo mô hình xã hội hóa, ưu tiên các tuyến đường chính.",
         "Đã lắp đặt camera an ninh tại các tuyến đường chính của {noi}."),
        ("Phản ánh tình trạng trộm cắp tài sản, gia súc tại {noi} có chiều hướng gia tăng.",
         "Công an sẽ tăng cường tuần tra, điều tra các vụ việc và vận động Nhân dân tham gia tổ tự quản.",
         "Đã điều tra làm rõ các vụ trộm cắp, thành lập tổ tự quản an ninh trật tự tại {noi}."),
        ("Đề nghị kiểm tra, xử lý các cơ sở kinh doanh karaoke hoạt động quá giờ quy định tại {noi}.",
         "Lực lượng chức năng sẽ kiểm tra đột xuất và xử lý nghiêm các cơ sở vi phạm.",
         "Đã kiểm tra, xử phạt các cơ sở karaoke hoạt động quá giờ tại {noi}."),
        ("Đề nghị tăng cường tuyên truyền, phòng chống lừa đảo qua mạng cho người dân {noi}.",
         "Công an sẽ phối hợp đài truyền thanh tuyên truyền các thủ đoạn lừa đảo mới.",
         "Đã tổ chức tuyên truyền phòng chống lừa đảo qua mạng tại {noi} và trên loa truyền thanh."),
    ),
    "van-hoa": (
        ("Đề nghị hỗ trợ kinh phí sửa chữa nhà văn hóa {noi} đã xuống cấp.",
         "Kinh phí sửa chữa nhà văn hóa đã được đưa vào kế hoạch năm; thôn chủ động huy động thêm nguồn xã hội hóa.",
         "Đã sửa chữa nhà văn hóa {noi} và bàn giao cho thôn quản lý, sử dụng."),
        ("Đề nghị đầu tư sân thể thao và dụng cụ tập luyện cho thanh thiếu niên {noi}.",
         "Sân thể thao sẽ được đầu tư trong khuôn viên nhà văn hóa theo chương trình xây dựng nông thôn mới.",
         "Đã xây dựng sân thể thao và lắp đặt dụng cụ tập luyện tại {noi}."),
        ("Đề nghị quản lý chặt việc tổ chức lễ hội, bảo đảm tiết kiệm, văn minh tại {noi}.",
         "UBND sẽ hướng dẫn ban tổ chức lễ hội thực hiện đúng quy định về văn minh, tiết kiệm.",
         "Đã hướng dẫn và kiểm tra việc tổ chức lễ hội tại {noi}; lễ hội diễn ra an toàn, tiết kiệm."),
        ("Đề nghị hỗ trợ duy trì câu lạc bộ văn nghệ truyền thống của {noi}.",
         "Câu lạc bộ sẽ được hỗ trợ kinh phí hoạt động hằng năm từ ngân sách văn hóa cơ sở.",
         "Đã hỗ trợ kinh phí và trang phục biểu diễn cho câu lạc bộ văn nghệ của {noi}."),
        ("Đề nghị kiểm tra việc kinh doanh dịch vụ internet gần {truong}.",
         "Đoàn kiểm tra sẽ kiểm tra giờ hoạt động và khoảng cách của các điểm kinh doanh internet gần trường học.",
         "Đã kiểm tra, xử lý các điểm kinh doanh internet vi phạm gần {truong}."),
    ),
    "khac": (
        ("Đề nghị sớm đưa nước sạch tập trung về {noi}, hiện nhiều hộ vẫn dùng nước giếng khoan.",
         "Dự án cấp nước sạch đang được khảo sát; dự kiến đầu tư trong giai đoạn tới, ưu tiên các khu vực khan hiếm nước.",
         "Đã hoàn thành kéo đường ống nước sạch tập trung về {noi}; các hộ đã đăng ký đấu nối."),
        ("Phản ánh điện sinh hoạt tại {noi} thường xuyên mất, điện áp yếu vào giờ cao điểm.",
         "Đã đề nghị đơn vị điện lực kiểm tra, nâng cấp trạm biến áp; lịch cắt điện sẽ được thông báo trước cho người dân.",
         "Đơn vị điện lực đã nâng công suất trạm biến áp cấp điện cho {noi}; điện áp đã ổn định."),
        ("Đề nghị cải thiện sóng điện thoại di động và internet tại {noi}.",
         "Đã đề nghị các doanh nghiệp viễn thông khảo sát, lắp đặt thêm trạm phát sóng.",
         "Doanh nghiệp viễn thông đã lắp đặt thêm trạm phát sóng; chất lượng sóng tại {noi} đã được cải thiện."),
        ("Đề nghị công khai kết quả sử dụng kinh phí xây dựng nông thôn mới tại {noi}.",
         "Kết quả sử dụng kinh phí sẽ được công khai tại hội nghị thôn cuối năm và trên cổng thông tin điện tử.",
         "Đã công khai kết quả sử dụng kinh phí xây dựng nông thôn mới tại {noi}."),
        ("Đề nghị thông tin về việc sắp xếp, sử dụng trụ sở dôi dư sau khi sắp xếp đơn vị hành chính.",
         "Phương án sử dụng trụ sở dôi dư đang được lấy ý kiến Nhân dân, ưu tiên làm trường học, trạm y tế và nhà văn hóa.",
         "Đã công bố phương án sử dụng trụ sở dôi dư làm nhà văn hóa và điểm phục vụ hành chính công."),
    ),
}
# Notes of progress updates (đang giải quyết), by field; {noi} may appear.
PROGRESS_NOTES = {
    "dat-dai": (
        "Đang kiểm tra hiện trạng, trích lục bản đồ địa chính để đối chiếu hồ sơ.",
        "Đang phối hợp Chi nhánh Văn phòng đăng ký đất đai rà soát hồ sơ.",
    ),
    "giai-phong-mat-bang": (
        "Đang phối hợp tổ chức làm nhiệm vụ bồi thường rà soát hồ sơ từng hộ.",
        "Đang rà soát phương án bồi thường, hỗ trợ với chủ đầu tư.",
    ),
    "moi-truong": (
        "Đã kiểm tra hiện trường; đang làm việc với các bên liên quan để xử lý.",
        "Đang phối hợp cơ quan chuyên môn kiểm tra, đề xuất biện pháp khắc phục.",
    ),
    "an-sinh-xa-hoi": ("Đang rà soát hồ sơ, lấy ý kiến tại hội nghị thôn, tổ dân phố.",),
    "viec-lam": ("Đang tổng hợp nhu cầu của người lao động và làm việc với các đơn vị liên quan.",),
    "y-te": ("Đang phối hợp Trạm Y tế và cơ quan chuyên môn xây dựng phương án thực hiện.",),
    "giao-duc": ("Đang làm việc với nhà trường và cơ quan chuyên môn để xử lý.",),
    "giao-thong": (
        "Đang khảo sát hiện trạng, lập dự toán kinh phí.",
        "Đã đưa vào danh mục thực hiện; đang hoàn thiện hồ sơ.",
    ),
    "nong-nghiep": ("Đang tổng hợp nhu cầu của các hộ và làm việc với các đơn vị liên quan.",),
    "khieu-nai-to-cao": ("Đang xác minh nội dung, làm việc với các bên liên quan.",),
    "hanh-chinh": ("Đang rà soát quy trình, phân công cán bộ theo dõi, xử lý.",),
    "an-ninh-trat-tu": ("Đã tăng cường tuần tra; đang xác minh các vụ việc được phản ánh.",),
    "van-hoa": ("Đang lập dự toán và huy động nguồn xã hội hóa.",),
    "khac": ("Đang làm việc với các đơn vị liên quan để khảo sát, đề xuất phương án.",),
}
WRITTEN_ANSWER = "Đã trả lời bằng văn bản cho người kiến nghị: {answer}"
REDIRECTED_NOTE = "Sau khi xem xét, nội dung thuộc thẩm quyền của {where}; đã chuyển hồ sơ và thông báo cho người kiến nghị biết."
FORWARDED_NOTE = "Nội dung không thuộc thẩm quyền; đã chuyển {where} xem xét, giải quyết và thông báo cho người kiến nghị biết."
REOPENED_NOTE = "Tiếp thu ý kiến giám sát của Ủy ban Mặt trận Tổ quốc, đang kiểm tra lại và bổ sung biện pháp giải quyết."
FIXED_NOTE = "Đã khắc phục tồn tại theo ý kiến giám sát. {resolved}"
# Bodies outside the chair's authority that petitions are forwarded to.
FORWARD_TARGETS = {
    "dat-dai": ("Chi nhánh Văn phòng đăng ký đất đai khu vực", "{so_nnmt}"),
    "giai-phong-mat-bang": ("Ban Quản lý dự án đầu tư xây dựng tỉnh {tinh}", "{so_nnmt}"),
    "moi-truong": ("{so_nnmt}",),
    "giao-thong": ("Khu Quản lý đường bộ", "Sở Xây dựng tỉnh {tinh}"),
    "khieu-nai-to-cao": ("Tòa án nhân dân khu vực", "Thanh tra tỉnh {tinh}"),
    "an-ninh-trat-tu": ("Công an tỉnh {tinh}",),
    "khac": ("Công ty Điện lực {tinh}", "Công ty Cổ phần Cấp nước {tinh}", "Viễn thông {tinh}"),
    "y-te": ("Bảo hiểm xã hội tỉnh {tinh}", "Sở Y tế tỉnh {tinh}"),
    "an-sinh-xa-hoi": ("Bảo hiểm xã hội tỉnh {tinh}", "Sở Nội vụ tỉnh {tinh}"),
}
SUPERVISION_CONFIRMED = (
    "Kiểm tra thực tế cho thấy kiến nghị đã được giải quyết như báo cáo; người kiến nghị đồng tình.",
    "Qua giám sát, việc giải quyết bảo đảm đúng quy định và thời gian đã cam kết.",
    "Ban Thanh tra nhân dân đã kiểm tra, xác nhận kết quả giải quyết.",
)
SUPERVISION_DISPUTED = (
    "Kiểm tra thực tế cho thấy công việc mới thực hiện một phần, chưa hoàn thành như báo cáo; đề nghị tiếp tục chỉ đạo giải quyết dứt điểm.",
    "Người kiến nghị chưa đồng tình với kết quả giải quyết; đề nghị cơ quan được giao đối thoại lại và trả lời bằng văn bản.",
)
SUPERVISION_LATE = (
    "Quá thời hạn nhưng chưa có báo cáo kết quả giải quyết; đề nghị người đứng đầu đôn đốc cơ quan được giao.",
)
SUPERVISION_RECHECK = "Giám sát lại: các tồn tại đã được khắc phục, người kiến nghị đồng tình."
ASSIGNMENT_NOTE = "Giao {agency} chủ trì kiểm tra, giải quyết, báo cáo kết quả và thông báo cho người kiến nghị biết."
ASSIGNMENT_NOTE_DUE = "Giao {agency} chủ trì kiểm tra, giải quyết, báo cáo kết quả và thông báo cho người kiến nghị biết. Thời hạn hoàn thành chậm nhất ngày {due}."
REASSIGNMENT_NOTE = "Giao lại {agency} chủ trì giải quyết theo đề xuất của cơ quan được giao trước."
FAILED_SUMMARIES = (
    "Hội nghị không đạt được kết quả do các hộ dân không đồng ý với phương án đề xuất và đề nghị tạm dừng đối thoại; đã lập biên bản đối thoại không thành, hướng dẫn người dân thực hiện quyền khiếu nại theo quy định.",
    "Các bên chưa thống nhất được nội dung giải quyết; hội nghị lập biên bản đối thoại không thành và giao cơ quan chuyên môn tiếp tục rà soát hồ sơ.",
)

# --- petitioners (pseudonymous labels only) ------------------------------------------------------

INDIVIDUAL_LABELS = (
    "Công dân {noi}", "Một hộ dân {noi}", "Một người cao tuổi {noi}", "Một cựu chiến binh {noi}",
    "Một phụ huynh học sinh {noi}", "Một hộ kinh doanh {noi}", "Một đảng viên {noi}",
)
GROUP_LABELS = (
    "Nhóm hộ dân {noi}", "Nhóm cử tri {noi}", "Các hộ dân {noi}", "Nhóm hộ kinh doanh {cho}",
    "Nhóm phụ huynh học sinh {truong}",
)
BUSINESS_LABELS = (
    "Một doanh nghiệp chế biến nông sản", "Một công ty thương mại dịch vụ",
    "Một doanh nghiệp xây dựng", "Một doanh nghiệp chế biến gỗ",
    "Một hợp tác xã dịch vụ nông nghiệp", "Một doanh nghiệp vận tải",
    "Một cơ sở sản xuất vật liệu xây dựng",
)
ORGANISATION_LABELS = (
    "Chi hội Nông dân {noi}", "Chi hội Phụ nữ {noi}", "Chi đoàn Thanh niên {noi}",
    "Chi hội Cựu chiến binh {noi}", "Ban công tác Mặt trận {noi}", "Hội Người cao tuổi {noi}",
)

# --- documents -----------------------------------------------------------------------------------

EVIDENCE_KINDS = (
    ("Công văn", "cong-van"),
    ("Quyết định", "quyet-dinh"),
    ("Báo cáo", "bao-cao"),
    ("Thông báo", "thong-bao"),
)
EVIDENCE_SYMBOLS = {
    "Công văn": "UBND-{abbr}",
    "Quyết định": "QĐ-UBND",
    "Báo cáo": "BC-{abbr}",
    "Thông báo": "TB-UBND",
}
CORRECTION_REASONS = {
    "summary": "Ghi nhầm địa bàn khi cập nhật hồ sơ; đính chính theo biên bản hội nghị.",
    "field": "Xếp nhầm lĩnh vực của kiến nghị; đính chính theo nội dung kiến nghị.",
    "notice.number": "Ghi nhầm số thông báo khi cập nhật hồ sơ; số đúng theo bản ký số lưu tại Văn phòng.",
    "attendance": "Ghi nhầm số người tham dự; đính chính theo danh sách điểm danh tại hội nghị.",
    "evidence": "Ghi nhầm số văn bản trả lời; đính chính theo văn bản đã ban hành.",
}

# fmt: on
