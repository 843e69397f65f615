# ruff: noqa: E501  (long Vietnamese prose reads better unbroken)
"""The demo courses' content, in Vietnamese: what `courses.demo` publishes.

Each lesson is a list of (block type, value) in the lessons' StreamField; each quiz a list of questions.
"""


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def single(question, choices, right, explanation):
    return ("single_choice", question, choices, [right], explanation)


def multiple(question, choices, rights, explanation):
    return ("multiple_choice", question, choices, rights, explanation)


def true_false(statement, answer, explanation):
    return ("true_false", statement, None, answer, explanation)


BASIC = {
    "slug": "ky-nang-so-co-ban",
    "title": "Kỹ năng số cơ bản cho cán bộ, công chức",
    "track": "basic_digital_skills",
    "audience": "civil_servants",
    "hours": 4,
    "validity": 24,
    "summary": (
        "Những kỹ năng số tối thiểu mỗi cán bộ, công chức, viên chức cần có để làm việc an toàn trên môi "
        "trường mạng: mật khẩu mạnh và xác thực hai lớp, nhận diện lừa đảo trực tuyến, tài khoản định danh "
        "điện tử VNeID và Cổng Dịch vụ công trực tuyến."
    ),
    "outcomes": ul(
        "Tạo và quản lý mật khẩu mạnh, bật xác thực hai lớp cho thư điện tử công vụ và tài khoản cá nhân.",
        "Nhận diện thư, tin nhắn và cuộc gọi lừa đảo; biết cách xử lý và báo cáo.",
        "Kích hoạt và sử dụng tài khoản định danh điện tử VNeID mức độ 2.",
        "Hướng dẫn người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia.",
    ),
    "lessons": [
        {
            "slug": "mat-khau-va-xac-thuc-hai-lop",
            "title": "Mật khẩu mạnh và xác thực hai lớp",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "Phần lớn các vụ lộ lọt thông tin ở cơ quan nhà nước bắt đầu từ một mật khẩu yếu hoặc "
                        "một mật khẩu dùng chung cho nhiều tài khoản. Khi một trang web bị tấn công và lộ cơ sở "
                        "dữ liệu, kẻ xấu sẽ thử ngay cặp thư điện tử và mật khẩu đó trên thư công vụ, mạng xã "
                        "hội và ngân hàng trực tuyến.",
                        "Mật khẩu mạnh là mật khẩu <strong>dài</strong> (từ 12 ký tự trở lên), "
                        "<strong>khó đoán</strong> và <strong>không dùng lại</strong> ở nơi khác. Một cách dễ "
                        "nhớ là dùng cụm từ gồm nhiều từ không liên quan, ví dụ <em>Lua-Sen-Nam-Dan-2024!</em>, "
                        "thay vì tên, ngày sinh hoặc số điện thoại của mình.",
                    ),
                ),
                ("heading", "Quản lý mật khẩu"),
                (
                    "paragraph",
                    p(
                        "Không ai nhớ được hàng chục mật khẩu khác nhau. Hãy dùng trình quản lý mật khẩu có sẵn "
                        "trong trình duyệt hoặc điện thoại, đặt một mật khẩu chính thật mạnh cho nó. Tuyệt đối "
                        "không ghi mật khẩu lên giấy dán cạnh màn hình, không gửi mật khẩu qua Zalo hay thư "
                        "điện tử, kể cả cho đồng nghiệp.",
                    ),
                ),
                ("heading", "Xác thực hai lớp (2FA)"),
                (
                    "paragraph",
                    p(
                        "Xác thực hai lớp yêu cầu thêm một bằng chứng ngoài mật khẩu: mã một lần (OTP) từ ứng "
                        "dụng xác thực, tin nhắn hoặc khóa bảo mật. Dù mật khẩu bị lộ, kẻ xấu vẫn không đăng "
                        "nhập được nếu không có điện thoại của bạn.",
                        "Hãy bật xác thực hai lớp cho thư điện tử công vụ, tài khoản mạng xã hội, ngân hàng và "
                        "VNeID. Ưu tiên ứng dụng xác thực hơn tin nhắn SMS.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Không bao giờ đọc mã OTP cho người khác",
                        "text": p(
                            "Cán bộ ngân hàng, công an hay nhà mạng không bao giờ hỏi mã OTP "
                            "của bạn. Ai hỏi mã OTP là kẻ lừa đảo."
                        ),
                    },
                ),
            ],
        },
        {
            "slug": "nhan-dien-lua-dao-truc-tuyen",
            "title": "Nhận diện lừa đảo trực tuyến",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "Lừa đảo trực tuyến (phishing) là hình thức giả mạo cơ quan, ngân hàng hoặc người quen "
                        "để dụ người dùng bấm vào đường dẫn, cài ứng dụng lạ, cung cấp mật khẩu, mã OTP hoặc "
                        "chuyển tiền. Cán bộ, công chức là mục tiêu thường xuyên vì họ nắm giữ thông tin và "
                        "quyền truy cập hệ thống của cơ quan.",
                    ),
                ),
                ("heading", "Các dấu hiệu cần cảnh giác"),
                (
                    "paragraph",
                    ul(
                        "Địa chỉ người gửi gần giống địa chỉ thật nhưng sai một vài ký tự, hoặc dùng tên miền lạ "
                        "thay vì <em>.gov.vn</em>.",
                        "Nội dung thúc ép gấp: “tài khoản sẽ bị khóa trong 24 giờ”, “văn bản khẩn cần ký ngay”.",
                        "Đường dẫn rút gọn, tệp đính kèm có đuôi <em>.exe</em>, <em>.apk</em>, <em>.scr</em> hoặc tệp "
                        "nén có mật khẩu.",
                        "Cuộc gọi tự xưng công an, tòa án yêu cầu cài ứng dụng hoặc chuyển tiền để “xác minh”.",
                    ),
                ),
                ("heading", "Xử lý khi nghi ngờ"),
                (
                    "paragraph",
                    p(
                        "Không bấm vào đường dẫn, không mở tệp đính kèm. Kiểm tra lại bằng một kênh khác: gọi "
                        "điện trực tiếp cho người gửi theo số bạn đã biết. Báo ngay cho cán bộ phụ trách CNTT "
                        "của cơ quan và chuyển tiếp thư nghi ngờ cho họ.",
                        "Nếu lỡ nhập mật khẩu vào trang giả, hãy đổi mật khẩu ngay, đăng xuất khỏi mọi thiết bị "
                        "và báo cáo sự cố. Phản ánh trang lừa đảo tại cổng <em>canhbao.khonggianmang.gov.vn</em>.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "Dừng lại, kiểm tra, rồi mới làm",
                        "text": p(
                            "Mọi yêu cầu gấp về tiền, mật khẩu hay mã OTP đều đáng ngờ cho tới "
                            "khi được xác minh qua một kênh khác."
                        ),
                    },
                ),
            ],
        },
        {
            "slug": "dinh-danh-dien-tu-vneid",
            "title": "Tài khoản định danh điện tử VNeID",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "VNeID là ứng dụng định danh và xác thực điện tử do Bộ Công an phát triển. Tài khoản "
                        "định danh điện tử mức độ 2 có giá trị tương đương thẻ căn cước khi thực hiện thủ tục "
                        "hành chính, và dùng để đăng nhập Cổng Dịch vụ công quốc gia mà không cần tạo tài "
                        "khoản riêng.",
                        "Theo Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử, công dân đăng ký tài "
                        "khoản mức độ 2 tại công an cấp xã hoặc nơi làm thủ tục cấp căn cước, sau đó kích hoạt "
                        "trên ứng dụng bằng số định danh cá nhân và số điện thoại chính chủ.",
                    ),
                ),
                ("heading", "Những việc làm được với VNeID"),
                (
                    "paragraph",
                    ul(
                        "Xuất trình thẻ căn cước, giấy phép lái xe, thẻ bảo hiểm y tế đã tích hợp.",
                        "Đăng nhập Cổng Dịch vụ công quốc gia và các cổng dịch vụ công của tỉnh.",
                        "Thông báo lưu trú, tố giác tội phạm, ký số và chia sẻ thông tin cá nhân có kiểm soát.",
                    ),
                ),
                ("heading", "Giữ an toàn tài khoản"),
                (
                    "paragraph",
                    p(
                        "Đặt mã khóa (passcode) 6 số không trùng ngày sinh; không cho người khác mượn điện thoại "
                        "đã đăng nhập VNeID; chỉ cài ứng dụng từ kho ứng dụng chính thức. Cán bộ tiếp nhận hồ sơ "
                        "không được yêu cầu người dân cung cấp mã khóa hay mã OTP của họ.",
                    ),
                ),
            ],
        },
        {
            "slug": "dich-vu-cong-truc-tuyen",
            "title": "Dịch vụ công trực tuyến",
            "minutes": 25,
            "body": [
                (
                    "paragraph",
                    p(
                        "Cổng Dịch vụ công quốc gia (<em>dichvucong.gov.vn</em>) là đầu mối để người dân và doanh "
                        "nghiệp nộp hồ sơ, thanh toán lệ phí và nhận kết quả thủ tục hành chính trực tuyến. Dịch "
                        "vụ công trực tuyến toàn trình cho phép làm trọn thủ tục trên mạng, không phải đến cơ quan.",
                    ),
                ),
                ("heading", "Các bước nộp một hồ sơ"),
                (
                    "paragraph",
                    "<ol><li>Đăng nhập bằng tài khoản VNeID mức độ 2.</li><li>Tìm thủ tục theo "
                    "tên hoặc theo cơ quan thực hiện, chọn đúng địa bàn (tỉnh Nghệ An, xã hoặc phường).</li>"
                    "<li>Điền tờ khai điện tử; thông tin từ Cơ sở dữ liệu quốc gia về dân cư được điền sẵn.</li>"
                    "<li>Đính kèm bản điện tử giấy tờ (ảnh chụp rõ nét hoặc bản PDF), hoặc dùng giấy tờ đã có "
                    "trong kho dữ liệu cá nhân.</li><li>Thanh toán lệ phí trực tuyến nếu có, nộp hồ sơ và ghi "
                    "lại mã hồ sơ để tra cứu.</li></ol>",
                ),
                ("heading", "Vai trò của cán bộ, công chức"),
                (
                    "paragraph",
                    p(
                        "Cán bộ bộ phận một cửa cần hướng dẫn người dân tự nộp hồ sơ trực tuyến, tiếp nhận và "
                        "xử lý đúng hạn trên hệ thống, không yêu cầu nộp lại giấy tờ đã có trong cơ sở dữ liệu. "
                        "Tỷ lệ hồ sơ trực tuyến là một chỉ tiêu chuyển đổi số của tỉnh theo Nghị quyết 09-NQ/TU.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "note",
                        "title": "",
                        "text": p(
                            "Khi người dân gặp khó khăn, hãy hướng dẫn trực tiếp trên điện thoại "
                            "của họ thay vì làm hộ: lần sau họ sẽ tự làm được."
                        ),
                    },
                ),
            ],
        },
    ],
    "quiz": {
        "slug": "bai-kiem-tra-cuoi-khoa",
        "title": "Bài kiểm tra cuối khóa",
        "per_attempt": 8,
        "max_attempts": 5,
        "questions": [
            single(
                "Mật khẩu nào dưới đây mạnh nhất?",
                ["12345678", "NguyenVanA1990", "Lua-Sen-Nam-Dan-2024!", "matkhau"],
                2,
                "Mật khẩu mạnh dài, khó đoán và không chứa tên hay ngày sinh.",
            ),
            true_false(
                "Có thể dùng chung một mật khẩu cho thư công vụ và mạng xã hội nếu mật khẩu đó đủ dài.",
                False,
                "Mỗi tài khoản cần mật khẩu riêng: một trang bị lộ không kéo theo các tài khoản khác.",
            ),
            single(
                "Xác thực hai lớp bảo vệ bạn như thế nào?",
                [
                    "Làm mật khẩu dài hơn",
                    "Đòi thêm một bằng chứng ngoài mật khẩu, như mã OTP",
                    "Tự động đổi mật khẩu hằng tháng",
                    "Chặn mọi thư rác",
                ],
                1,
                "Dù mật khẩu bị lộ, kẻ xấu vẫn cần thêm mã từ thiết bị của bạn.",
            ),
            multiple(
                "Dấu hiệu nào cho thấy một thư điện tử có thể là lừa đảo?",
                [
                    "Thúc ép làm ngay kẻo tài khoản bị khóa",
                    "Tệp đính kèm đuôi .exe",
                    "Gửi từ địa chỉ .gov.vn quen thuộc, nội dung đúng công việc đang làm",
                    "Tên miền người gửi sai một vài ký tự",
                ],
                [0, 1, 3],
                "Thúc ép, tệp thực thi và tên miền giả là các dấu hiệu điển hình.",
            ),
            true_false(
                "Cán bộ ngân hàng có thể gọi điện hỏi mã OTP để xác minh tài khoản.",
                False,
                "Không tổ chức nào hỏi mã OTP; ai hỏi mã OTP là kẻ lừa đảo.",
            ),
            single(
                "Lỡ nhập mật khẩu vào một trang giả mạo, việc đầu tiên cần làm là gì?",
                [
                    "Chờ xem có chuyện gì xảy ra",
                    "Đổi mật khẩu ngay và báo cán bộ phụ trách CNTT",
                    "Xóa thư đó đi",
                    "Khởi động lại máy tính",
                ],
                1,
                "Đổi mật khẩu ngay, đăng xuất khỏi mọi thiết bị và báo cáo sự cố.",
            ),
            single(
                "Tài khoản VNeID mức độ 2 dùng để làm gì trên Cổng Dịch vụ công quốc gia?",
                [
                    "Không dùng được",
                    "Đăng nhập và nộp hồ sơ trực tuyến",
                    "Chỉ để xem tin tức",
                    "Chỉ để thanh toán hóa đơn điện",
                ],
                1,
                "Tài khoản định danh điện tử mức độ 2 đăng nhập được Cổng Dịch vụ công quốc gia.",
            ),
            true_false(
                "Cán bộ tiếp nhận hồ sơ được yêu cầu người dân đọc mã khóa VNeID để làm hộ thủ tục.",
                False,
                "Mã khóa và OTP là của riêng người dân; cán bộ hướng dẫn, không làm thay.",
            ),
            single(
                "Dịch vụ công trực tuyến toàn trình là gì?",
                [
                    "Chỉ tải mẫu đơn trên mạng",
                    "Làm trọn thủ tục trên mạng, không phải đến cơ quan",
                    "Đặt lịch hẹn để đến nộp hồ sơ giấy",
                    "Gọi điện để hỏi thủ tục",
                ],
                1,
                "Toàn trình nghĩa là nộp, xử lý, trả kết quả đều trên môi trường mạng.",
            ),
            multiple(
                "Khi tiếp nhận hồ sơ trực tuyến, cán bộ bộ phận một cửa nên làm gì?",
                [
                    "Xử lý đúng hạn trên hệ thống",
                    "Yêu cầu nộp lại giấy tờ đã có trong cơ sở dữ liệu",
                    "Hướng dẫn người dân tự nộp trên điện thoại của họ",
                ],
                [0, 2],
                "Không bắt người dân nộp lại giấy tờ đã có trong cơ sở dữ liệu.",
            ),
        ],
    },
}

SIGNATURE = {
    "slug": "chu-ky-so-va-van-ban-dien-tu",
    "title": "Sử dụng chữ ký số và văn bản điện tử",
    "track": "digital_government",
    "audience": "civil_servants",
    "hours": 3,
    "validity": 24,
    "summary": (
        "Ký số văn bản trên hệ thống quản lý văn bản và điều hành của tỉnh, hiểu giá trị pháp lý của văn "
        "bản điện tử có chữ ký số và giữ an toàn chứng thư số của cá nhân, cơ quan."
    ),
    "outcomes": ul(
        "Giải thích giá trị pháp lý của chữ ký số theo Luật Giao dịch điện tử 2023.",
        "Ký số một văn bản PDF bằng chứng thư số chuyên dùng hoặc ký số từ xa.",
        "Kiểm tra chữ ký số trên văn bản nhận được.",
        "Phát hành, lưu trữ văn bản điện tử đúng Nghị định 30/2020/NĐ-CP.",
    ),
    "lessons": [
        {
            "slug": "co-so-phap-ly",
            "title": "Chữ ký số và cơ sở pháp lý",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "Chữ ký số là một dạng chữ ký điện tử dùng mật mã khóa công khai: người ký dùng khóa bí "
                        "mật của mình để ký, người nhận dùng khóa công khai trong chứng thư số để kiểm tra. Nhờ "
                        "vậy người nhận biết chắc ai đã ký và văn bản không bị sửa sau khi ký.",
                        "Luật Giao dịch điện tử số 20/2023/QH15 (hiệu lực từ 01/7/2024) quy định chữ ký số có "
                        "giá trị pháp lý tương đương chữ ký tay khi được tạo bằng chứng thư số hợp lệ. Văn bản "
                        "điện tử có chữ ký số của cơ quan có giá trị như bản gốc văn bản giấy có đóng dấu.",
                    ),
                ),
                ("heading", "Chứng thư số chuyên dùng công vụ"),
                (
                    "paragraph",
                    p(
                        "Cán bộ, công chức dùng chứng thư số chuyên dùng công vụ do Ban Cơ yếu Chính phủ cấp, "
                        "dưới dạng thiết bị USB Token, SIM PKI hoặc ký số từ xa trên điện thoại. Nghị định "
                        "68/2024/NĐ-CP quy định về chữ ký số chuyên dùng công vụ, cấp, gia hạn và thu hồi chứng thư.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Khóa bí mật là của riêng bạn",
                        "text": p(
                            "Không đưa USB Token và mã PIN cho người khác ký hộ: mọi văn bản ký "
                            "bằng chứng thư số của bạn là do bạn chịu trách nhiệm."
                        ),
                    },
                ),
            ],
        },
        {
            "slug": "ky-so-van-ban",
            "title": "Ký số một văn bản",
            "minutes": 25,
            "body": [
                (
                    "paragraph",
                    p(
                        "Trên hệ thống quản lý văn bản và điều hành, văn bản đi được ký số theo thứ tự: người có "
                        "thẩm quyền ký trước, văn thư ký số của cơ quan (thay cho con dấu) sau cùng rồi mới phát hành.",
                    ),
                ),
                ("heading", "Các bước ký số"),
                (
                    "paragraph",
                    "<ol><li>Chuyển văn bản sang định dạng PDF; kiểm tra lần cuối nội dung.</li>"
                    "<li>Cắm USB Token hoặc mở ứng dụng ký số từ xa, chọn chức năng ký trên văn bản.</li>"
                    "<li>Chọn vị trí chữ ký theo thể thức, nhập mã PIN hoặc xác nhận trên điện thoại.</li>"
                    "<li>Kiểm tra chữ ký vừa tạo hiển thị hợp lệ, rồi chuyển văn thư phát hành.</li></ol>",
                ),
                (
                    "paragraph",
                    p(
                        "Sau khi ký, mọi thay đổi dù nhỏ trên tệp PDF đều làm chữ ký mất hiệu lực. Nếu cần sửa, "
                        "phải sửa bản gốc và ký lại.",
                    ),
                ),
            ],
        },
        {
            "slug": "kiem-tra-va-luu-tru",
            "title": "Kiểm tra chữ ký số và lưu trữ văn bản điện tử",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "Khi nhận văn bản điện tử, hãy kiểm tra chữ ký số: phần mềm đọc PDF hoặc công cụ kiểm "
                        "tra của Ban Cơ yếu cho biết chữ ký có hợp lệ không, chứng thư số của ai, còn hiệu lực "
                        "tại thời điểm ký không và văn bản có bị sửa sau khi ký không.",
                        "Theo Nghị định 30/2020/NĐ-CP về công tác văn thư, văn bản điện tử được lưu trữ trên hệ "
                        "thống, không cần in ra để lưu. Khi cần bản giấy, văn thư in và đóng dấu bản sao từ văn "
                        "bản điện tử theo quy định.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "",
                        "text": p(
                            "Một văn bản có chữ ký số hợp lệ không cần gửi kèm bản giấy: gửi cả "
                            "hai chỉ làm tốn thời gian và giấy tờ."
                        ),
                    },
                ),
            ],
        },
    ],
    "quiz": {
        "slug": "bai-kiem-tra-cuoi-khoa",
        "title": "Bài kiểm tra cuối khóa",
        "per_attempt": 6,
        "max_attempts": 5,
        "questions": [
            true_false(
                "Chữ ký số hợp lệ có giá trị pháp lý tương đương chữ ký tay.",
                True,
                "Luật Giao dịch điện tử 2023 công nhận giá trị pháp lý của chữ ký số hợp lệ.",
            ),
            single(
                "Luật nào đang điều chỉnh giao dịch điện tử từ 01/7/2024?",
                [
                    "Luật Giao dịch điện tử 2005",
                    "Luật Giao dịch điện tử số 20/2023/QH15",
                    "Luật An ninh mạng 2018",
                    "Luật Công nghệ thông tin 2006",
                ],
                1,
                "Luật số 20/2023/QH15 thay thế luật năm 2005.",
            ),
            single(
                "Người nhận kiểm tra chữ ký số bằng gì?",
                [
                    "Khóa bí mật của người ký",
                    "Khóa công khai trong chứng thư số của người ký",
                    "Mật khẩu thư điện tử",
                    "Con dấu của cơ quan",
                ],
                1,
                "Khóa bí mật để ký, khóa công khai để kiểm tra.",
            ),
            true_false(
                "Được đưa USB Token và mã PIN cho văn thư ký hộ khi bận.",
                False,
                "Người giữ chứng thư số chịu trách nhiệm về mọi văn bản ký bằng nó.",
            ),
            single(
                "Sửa một dấu chấm trên tệp PDF đã ký số thì sao?",
                [
                    "Chữ ký vẫn hợp lệ",
                    "Chữ ký mất hiệu lực, phải ký lại",
                    "Chỉ cần đóng dấu thêm",
                    "Hệ thống tự ký lại",
                ],
                1,
                "Chữ ký số bảo đảm văn bản không bị thay đổi sau khi ký.",
            ),
            multiple(
                "Khi kiểm tra chữ ký số trên văn bản nhận được, cần xem những gì?",
                [
                    "Chứng thư số của ai",
                    "Chứng thư còn hiệu lực tại thời điểm ký",
                    "Văn bản có bị sửa sau khi ký không",
                    "Màu mực của chữ ký",
                ],
                [0, 1, 2],
                "Màu sắc hình ảnh chữ ký không nói gì về tính hợp lệ.",
            ),
            true_false(
                "Văn bản điện tử phải in ra giấy để lưu trữ.",
                False,
                "Nghị định 30/2020/NĐ-CP cho phép lưu trữ văn bản điện tử trên hệ thống.",
            ),
        ],
    },
}

ECOMMERCE = {
    "slug": "thuong-mai-dien-tu-cho-ho-san-xuat",
    "title": "Thương mại điện tử cho hộ sản xuất nông nghiệp",
    "track": "e_commerce",
    "audience": "public",
    "hours": 5,
    "validity": None,
    "summary": (
        "Đưa nông sản, đặc sản Nghệ An lên sàn thương mại điện tử: mở gian hàng, chụp ảnh và viết mô tả "
        "sản phẩm, đóng gói và giao hàng, thanh toán không dùng tiền mặt, quyền lợi người tiêu dùng."
    ),
    "outcomes": ul(
        "Mở gian hàng trên một sàn thương mại điện tử và đăng sản phẩm đúng quy định.",
        "Đóng gói nông sản an toàn, chọn đơn vị vận chuyển phù hợp.",
        "Nhận thanh toán qua ví điện tử, chuyển khoản và mã QR.",
        "Hiểu nghĩa vụ của người bán theo Luật Bảo vệ quyền lợi người tiêu dùng 2023.",
    ),
    "lessons": [
        {
            "slug": "ban-hang-tren-san",
            "title": "Bán hàng trên sàn thương mại điện tử",
            "minutes": 25,
            "body": [
                (
                    "paragraph",
                    p(
                        "Sàn thương mại điện tử đưa sản phẩm của hộ sản xuất đến người mua trên cả nước: cam Vinh, "
                        "nhút Thanh Chương, chè Thanh Chương, tương Nam Đàn có thể bán tới Hà Nội hay TP. Hồ Chí "
                        "Minh mà không cần cửa hàng. Ngoài các sàn lớn, sàn Postmart và Vỏ Sò hỗ trợ riêng cho "
                        "nông sản và hợp tác xã.",
                    ),
                ),
                ("heading", "Mở gian hàng"),
                (
                    "paragraph",
                    "<ol><li>Đăng ký tài khoản người bán bằng số điện thoại và căn cước chính chủ; "
                    "hộ kinh doanh khai thêm mã số thuế.</li><li>Đặt tên gian hàng dễ nhớ, gắn với địa phương "
                    "và sản phẩm.</li><li>Đăng sản phẩm với ảnh thật, rõ nét trên nền sáng; mô tả nguồn gốc, "
                    "khối lượng, hạn sử dụng, cách bảo quản.</li><li>Niêm yết giá rõ ràng, đã gồm hay chưa gồm "
                    "phí vận chuyển.</li></ol>",
                ),
                (
                    "paragraph",
                    p(
                        "Sản phẩm có chứng nhận OCOP, VietGAP hay mã truy xuất nguồn gốc nên ghi rõ và chụp ảnh "
                        "tem nhãn: người mua trực tuyến không cầm được sản phẩm nên rất cần những bằng chứng này.",
                    ),
                ),
            ],
        },
        {
            "slug": "dong-goi-va-giao-hang",
            "title": "Đóng gói và giao hàng",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "Nông sản tươi dễ dập, hỏng: đóng gói tốt quyết định đánh giá của khách. Dùng thùng carton "
                        "có lỗ thông hơi cho trái cây, lót giấy hoặc xốp giữa các lớp; hàng khô hút chân không; "
                        "hàng dạng lỏng như tương, nước mắm bọc màng co và chèn kín.",
                        "Dán nhãn ghi tên sản phẩm, cơ sở sản xuất, khối lượng, ngày đóng gói và hướng dẫn bảo "
                        "quản. Ghi chú “Hàng dễ vỡ”, “Không xếp chồng” khi cần.",
                    ),
                ),
                ("heading", "Chọn cách giao hàng"),
                (
                    "paragraph",
                    p(
                        "Đơn nội tỉnh có thể giao trong ngày; đơn đi xa chọn gói giao nhanh với hàng tươi. So sánh "
                        "cước và thời gian của các đơn vị vận chuyển mà sàn kết nối, và luôn quay video lúc đóng "
                        "gói để làm bằng chứng khi có khiếu nại.",
                    ),
                ),
            ],
        },
        {
            "slug": "thanh-toan-khong-dung-tien-mat",
            "title": "Thanh toán không dùng tiền mặt",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "Người mua trực tuyến trả tiền qua sàn, ví điện tử, chuyển khoản hoặc quét mã QR. Tiền "
                        "qua sàn được giữ lại đến khi người mua nhận hàng rồi mới chuyển cho người bán: cả hai "
                        "bên đều được bảo vệ.",
                        "Với khách quen đặt hàng qua Zalo hay Facebook, hãy in mã VietQR của tài khoản ngân hàng "
                        "chính chủ. Khi nhận tiền, kiểm tra biến động số dư trong ứng dụng ngân hàng, không tin ảnh "
                        "chụp màn hình chuyển khoản do khách gửi.",
                    ),
                ),
                (
                    "callout",
                    {
                        "kind": "warning",
                        "title": "Cảnh giác khi bán hàng",
                        "text": p(
                            "Kẻ gian hay giả làm khách hoặc nhân viên sàn, gửi đường dẫn “nhận "
                            "tiền” hay yêu cầu “nâng cấp tài khoản người bán”. Sàn không bao giờ "
                            "hỏi mật khẩu hay mã OTP."
                        ),
                    },
                ),
            ],
        },
        {
            "slug": "bao-ve-quyen-loi-nguoi-tieu-dung",
            "title": "Bảo vệ quyền lợi người tiêu dùng",
            "minutes": 20,
            "body": [
                (
                    "paragraph",
                    p(
                        "Luật Bảo vệ quyền lợi người tiêu dùng số 19/2023/QH15 (hiệu lực từ 01/7/2024) đặt ra "
                        "nghĩa vụ cho người bán trên môi trường mạng: cung cấp thông tin trung thực, đầy đủ về "
                        "sản phẩm, giá, phí vận chuyển, điều kiện đổi trả; bảo vệ thông tin cá nhân của khách; "
                        "giải quyết khiếu nại kịp thời.",
                        "Nghị định 52/2013/NĐ-CP và Nghị định 85/2021/NĐ-CP về thương mại điện tử quy định người "
                        "bán trên sàn phải cung cấp thông tin định danh cho sàn và chịu trách nhiệm về hàng hóa "
                        "mình đăng bán. Thu nhập từ bán hàng trực tuyến phải kê khai thuế theo quy định.",
                    ),
                ),
                ("heading", "Giữ uy tín gian hàng"),
                (
                    "paragraph",
                    ul(
                        "Mô tả đúng sự thật, không dùng ảnh mạng cho sản phẩm của mình.",
                        "Trả lời khách trong ngày, đổi trả khi hàng hỏng do vận chuyển.",
                        "Không tự đánh giá hay mua đánh giá ảo: đây là hành vi bị cấm.",
                    ),
                ),
            ],
        },
    ],
    "quiz": {
        "slug": "bai-kiem-tra-cuoi-khoa",
        "title": "Bài kiểm tra cuối khóa",
        "per_attempt": 8,
        "max_attempts": None,
        "questions": [
            single(
                "Khi đăng bán nông sản trên sàn, ảnh sản phẩm nên thế nào?",
                [
                    "Lấy ảnh đẹp trên mạng",
                    "Ảnh thật, rõ nét, nền sáng",
                    "Không cần ảnh",
                    "Ảnh logo gian hàng",
                ],
                1,
                "Người mua cần thấy đúng sản phẩm họ sẽ nhận.",
            ),
            true_false(
                "Chứng nhận OCOP, VietGAP nên được ghi rõ và chụp ảnh tem nhãn.",
                True,
                "Đây là bằng chứng chất lượng quan trọng với người mua trực tuyến.",
            ),
            multiple(
                "Cách đóng gói nào phù hợp?",
                [
                    "Thùng carton có lỗ thông hơi cho trái cây",
                    "Hút chân không cho hàng khô",
                    "Túi ni lông mỏng cho tương, nước mắm",
                    "Bọc màng co và chèn kín hàng lỏng",
                ],
                [0, 1, 3],
                "Hàng lỏng cần bọc màng co và chèn kín, không dùng túi mỏng.",
            ),
            true_false(
                "Nên quay video lúc đóng gói để làm bằng chứng khi có khiếu nại.",
                True,
                "Video đóng gói giúp giải quyết tranh chấp về hàng thiếu, hỏng.",
            ),
            single(
                "Khách gửi ảnh chụp màn hình đã chuyển khoản. Bạn nên làm gì?",
                [
                    "Giao hàng ngay",
                    "Kiểm tra biến động số dư trong ứng dụng ngân hàng",
                    "Yêu cầu khách gửi mã OTP",
                    "Bỏ qua đơn hàng",
                ],
                1,
                "Ảnh chụp màn hình có thể bị làm giả; chỉ tin số dư thật trong tài khoản.",
            ),
            true_false(
                "Nhân viên sàn có thể hỏi mật khẩu để nâng cấp tài khoản người bán.",
                False,
                "Sàn không bao giờ hỏi mật khẩu hay mã OTP.",
            ),
            single(
                "Luật Bảo vệ quyền lợi người tiêu dùng hiện hành là luật nào?",
                [
                    "Luật số 59/2010/QH12",
                    "Luật số 19/2023/QH15",
                    "Luật Thương mại 2005",
                    "Luật Doanh nghiệp 2020",
                ],
                1,
                "Luật số 19/2023/QH15 có hiệu lực từ 01/7/2024.",
            ),
            multiple(
                "Người bán trực tuyến có nghĩa vụ gì với khách hàng?",
                [
                    "Thông tin trung thực về sản phẩm, giá, phí vận chuyển",
                    "Bảo vệ thông tin cá nhân của khách",
                    "Giải quyết khiếu nại kịp thời",
                    "Mua đánh giá ảo để tăng uy tín",
                ],
                [0, 1, 2],
                "Mua đánh giá ảo là hành vi bị cấm.",
            ),
            true_false(
                "Thu nhập từ bán hàng trực tuyến không phải kê khai thuế.",
                False,
                "Thu nhập từ thương mại điện tử phải kê khai thuế theo quy định.",
            ),
        ],
    },
}

COURSES = [BASIC, SIGNATURE, ECOMMERCE]
