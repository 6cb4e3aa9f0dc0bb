"""Annotation labels placed without overlapping, with a leader line when moved away."""

from __future__ import annotations

from desktop.core.shape_labels import place_labels


def _overlap(a, b) -> bool:  # type: ignore[no-untyped-def]
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_lone_label_sits_above_its_shape() -> None:
    (label,) = place_labels([(100, 100, 300, 160)], [(120, 16)])
    assert label.box == (100, 82, 220, 98) and not label.leader


def test_stacked_shapes_get_labels_that_do_not_overlap() -> None:
    # three boxes on top of each other, 10 px apart: their labels cannot all go above
    shapes = [(100, 100 + 30 * k, 300, 120 + 30 * k) for k in range(3)]
    sizes = [(150, 16)] * 3
    labels = place_labels(shapes, sizes)
    boxes = [label.box for label in labels]
    for i in range(3):
        for j in range(i + 1, 3):
            assert not _overlap(boxes[i], boxes[j])
    assert not labels[0].leader  # the first keeps the usual place
    for k, label in enumerate(labels):  # and none hides another box
        assert all(not _overlap(label.box, shape) for j, shape in enumerate(shapes) if j != k)


def test_a_crowd_at_one_point_fans_out_with_leader_lines() -> None:
    shapes = [(50, 50, 60, 60)] * 8
    labels = place_labels(shapes, [(80, 14)] * 8)
    boxes = [label.box for label in labels]
    assert all(not _overlap(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1:])
    assert sum(label.leader for label in labels) >= 4


def test_labels_stay_on_the_photo_when_they_can() -> None:
    from desktop.core.shape_labels import place_labels

    # a line along the right edge: "beside on the right" would leave the photo
    shapes = [(100.0, 100.0, 300.0, 100.0), (150.0, 60.0, 200.0, 110.0)]
    sizes = [(120.0, 16.0), (60.0, 16.0)]
    free = place_labels(shapes, sizes, within=(0.0, 0.0, 310.0, 400.0))
    for placed in free:
        left, top, right, bottom = placed.box
        assert left >= 0 and top >= 0 and right <= 310 and bottom <= 400
    # a label wider than the photo still gets its usual place
    (wide,) = place_labels([(10.0, 50.0, 20.0, 60.0)], [(500.0, 16.0)],
                           within=(0.0, 0.0, 100.0, 100.0))
    assert wide.box[0] == 10.0


def test_obstacles_replace_the_boxes_other_labels_avoid() -> None:
    from desktop.core.shape_labels import place_labels

    circle = (0.0, 0.0, 400.0, 400.0)  # a measurement circle around a marking
    marking = (150.0, 190.0, 250.0, 220.0)
    sizes = [(80.0, 16.0), (80.0, 16.0)]
    crowded = place_labels([circle, marking], sizes)
    free = place_labels([circle, marking], sizes,
                        obstacles=[(0.0, 200.0, 400.0, 200.0), marking])
    assert crowded[1].box[1] < 0  # pushed out of the whole circle's box
    assert free[1].box == (150.0, 172.0, 230.0, 188.0) and not free[1].leader
