// After every swap and live change, in this order (focus.js then looks at where focus ended up).
import { goWhereTold } from "./live.js";
import { keepOnlyMine, showOwnControls } from "./own_device.js";
import { refreshMyAnswer } from "./scale.js";
import { refreshMyMoment } from "./moment.js";
import { fadeSaved, restoreFocus } from "./saving.js";
import { fitScaleNotice, watchScalePanel } from "./question_notice.js";

document.addEventListener("htmx:after:swap", function () {
  goWhereTold();
  showOwnControls();
  refreshMyAnswer();
  refreshMyMoment();
  restoreFocus();
  fadeSaved();
  keepOnlyMine();
  watchScalePanel();
  fitScaleNotice();
});
