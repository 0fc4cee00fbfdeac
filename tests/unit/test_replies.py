from staj.dialogue.replies import group_replies


def test_rasa_split_texts_are_joined_and_buttons_close_a_group() -> None:
    replies = [
        {"text": "Birinci paragraf"},
        {"text": "İkinci paragraf"},
        {"text": "Soru?", "buttons": [{"title": "Evet", "payload": "/affirm"}]},
        {"text": "Ayrı mesaj"},
    ]
    assert group_replies(replies) == [
        {
            "text": "Birinci paragraf\n\nİkinci paragraf\n\nSoru?",
            "buttons": [{"title": "Evet", "payload": "/affirm"}],
        },
        {"text": "Ayrı mesaj"},
    ]


def test_images_stand_alone_and_empty_replies_vanish() -> None:
    assert group_replies([{"image": "http://x/y.png"}, {"text": "  "}]) == [
        {"image": "http://x/y.png"}
    ]
