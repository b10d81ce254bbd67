fn main() {
    let bytes = include_bytes!("../benches/messages/invite.sip");
    let mut n = 0;
    for _ in 0..2_000_000 {
        let m = sip_xmpp::sip::SipMessage::parse(std::hint::black_box(bytes), sip_xmpp::sip::Framing::Datagram).unwrap();
        n += m.header_count();
    }
    println!("{n}");
}
