export interface InitGeneratorSchema {
  addPlugin?: boolean;
  skipFormat?: boolean;
  skipPackageJson?: boolean;
}
