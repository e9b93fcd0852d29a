export interface InitGeneratorSchema {
  skipFormat?: boolean;
  skipPackageJson?: boolean;
}
